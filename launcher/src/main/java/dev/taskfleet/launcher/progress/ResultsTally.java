package dev.taskfleet.launcher.progress;

import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.EventDecodingException;
import dev.taskfleet.launcher.client.BatchClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a finished batch's results ({@code GET /batches/{id}/results}) into a {@link BatchProgress}
 * for the summary: the per-result latencies, tokens and costs are only there.
 */
public final class ResultsTally {

    private ResultsTally() {
    }

    /**
     * The summary timed from the batch's acceptance (the producer's 202), for a batch this process
     * did not upload.
     *
     * @param knownTiers tiers listed first, in this order, even without results
     */
    public static BatchProgress fetch(BatchClient client, BatchStatus status, List<String> knownTiers) {
        return fetch(client, status, knownTiers, status.acceptedAt() != null ? status.acceptedAt() : Instant.now());
    }

    /**
     * @param knownTiers tiers listed first, in this order, even without results
     * @param start      when the elapsed time starts: for a batch this process uploaded, before the
     *                   upload, so the elapsed time includes it
     */
    public static BatchProgress fetch(BatchClient client, BatchStatus status, List<String> knownTiers, Instant start) {
        List<String> tiers = new ArrayList<>(knownTiers);
        status.tiers().keySet().stream().filter(tier -> !tiers.contains(tier)).forEach(tiers::add);
        BatchProgress progress = new BatchProgress(status.batchId(), (int) status.total(), tiers, start);
        Instant now = Instant.now();
        client.results(status.batchId(), null, line -> {
            try {
                progress.record(EventCodec.decodeResult(line), now);
            } catch (EventDecodingException e) {
                // A line this CLI cannot read only leaves that task out of the summary.
            }
        });
        return progress;
    }
}
