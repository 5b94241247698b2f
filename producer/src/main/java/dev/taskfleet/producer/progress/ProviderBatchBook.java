package dev.taskfleet.producer.progress;

import dev.taskfleet.api.ProviderWait;
import dev.taskfleet.contract.ProviderBatch;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The provider batches in flight as the workers of batch tiers record them on the compacted
 * {@code <prefix>.provider-batches}: per provider batch its newest revision (a replayed older
 * record never overwrites a newer one), dropped on its tombstone. Only what a status needs is
 * kept, its requests per taskfleet batch and its window's end, so memory grows with the provider
 * batches in flight (each holds up to thousands of tasks), never with their requests.
 * Not thread-safe: {@link BatchLedger} guards it.
 */
final class ProviderBatchBook {

    private final Map<String, Held> inFlight = new HashMap<>();

    /** Applies one record: the provider batch as now written, or {@code null} once it ended. */
    void apply(String providerBatchId, ProviderBatch record) {
        if (record == null) {
            inFlight.remove(providerBatchId);
            return;
        }
        Held held = inFlight.get(providerBatchId);
        if (held == null || record.revision() > held.revision) {
            inFlight.put(providerBatchId, new Held(record.revision(), record.batches(), record.expiresAt()));
        }
    }

    /** What of {@code batchId} waits at a provider. */
    ProviderWait waitingFor(String batchId) {
        long tasks = 0;
        int providerBatches = 0;
        Instant expectedBy = null;
        for (Held held : inFlight.values()) {
            Integer count = held.perBatch.get(batchId);
            if (count == null || count == 0) {
                continue;
            }
            tasks += count;
            providerBatches++;
            if (held.expiresAt != null && (expectedBy == null || held.expiresAt.isAfter(expectedBy))) {
                expectedBy = held.expiresAt;
            }
        }
        return providerBatches == 0 ? ProviderWait.NONE : new ProviderWait(tasks, providerBatches, expectedBy);
    }

    /** The newest revision seen of one provider batch, reduced to what a status shows. */
    private record Held(int revision, Map<String, Integer> perBatch, Instant expiresAt) {
    }
}
