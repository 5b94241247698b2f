package dev.taskfleet.benchmarks.history;

import dev.taskfleet.api.BatchState;
import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.api.TierCounts;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.EventDecodingException;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.launcher.auth.LocalApiKey;
import dev.taskfleet.launcher.client.BatchClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a replica that has replayed the history must answer, so the harness cannot rot into timing
 * a replica that answers wrongly: for several batches (the three oldest, the largest, the newest and
 * three more drawn with a fixed seed) the status over REST is COMPLETED with exactly the counts
 * written: total, finished, succeeded, failed, tokens, cost, dropped duplicates, and per tier the
 * placements and outcomes; and one old batch's results download has one result per task, each of
 * that batch, {@code ?status=failed} as many as it failed. Every API call goes with the owning
 * team's key.
 */
final class HistoryCheck {

    private final Map<String, String> keys = new LinkedHashMap<>();

    HistoryCheck() {
        for (String team : HistoryPlan.TEAMS) {
            keys.put(team, "taskfleet-history-" + team + "-key-0123456789abcdef");
        }
    }

    /** {@code team:sha256(key)} entries for the producer's {@code TASKFLEET_AUTH_API_KEY_HASHES}. */
    String producerKeyHashes() {
        return keys.entrySet().stream().map(e -> e.getKey() + ":" + LocalApiKey.sha256Hex(e.getValue()))
                .collect(Collectors.joining(","));
    }

    /** The batches checked: the three oldest, the largest, the newest and three drawn with {@code seed}. */
    static List<BatchTruth> chosen(List<BatchTruth> history, long seed) {
        Set<BatchTruth> picked = new LinkedHashSet<>(history.subList(0, Math.min(3, history.size())));
        picked.add(history.stream().max(Comparator.comparingInt(BatchTruth::tasks)).orElseThrow());
        picked.add(history.get(history.size() - 1));
        Random random = new Random(seed);
        for (int i = 0; i < 3; i++) {
            picked.add(history.get(random.nextInt(history.size())));
        }
        return new ArrayList<>(picked);
    }

    /** The oldest batch with at least 20 tasks and a failure, else the oldest with the most tasks among the first ten. */
    static BatchTruth downloaded(List<BatchTruth> history) {
        return history.stream().filter(b -> b.tasks() >= 20 && b.failed() > 0).findFirst()
                .orElseGet(() -> history.subList(0, Math.min(10, history.size())).stream()
                        .max(Comparator.comparingInt(BatchTruth::tasks)).orElseThrow());
    }

    /**
     * @return one line per check made
     * @throws IllegalStateException naming the first answer that differs from what was written
     */
    List<String> verify(URI producer, List<BatchTruth> history, long seed) {
        List<String> done = new ArrayList<>();
        for (BatchTruth batch : chosen(history, seed)) {
            BatchStatus status = client(producer, batch.team()).status(batch.batchId());
            List<String> wrong = differences(batch, status);
            if (!wrong.isEmpty()) {
                throw new IllegalStateException("batch " + batch.index() + " (" + batch.batchId() + ", " + batch.tasks()
                        + " tasks, team " + batch.team() + ") is not as written: " + String.join("; ", wrong)
                        + "; status " + status);
            }
            done.add(String.format(Locale.ROOT, "batch %d (%d tasks, %s): COMPLETED, %d succeeded, %d failed, $%.6f, "
                    + "%d duplicates dropped", batch.index(), batch.tasks(), batch.team(), batch.succeeded(),
                    batch.failed(), batch.costUsd(), batch.duplicates()));
        }
        BatchTruth old = downloaded(history);
        BatchClient client = client(producer, old.team());
        Set<String> ids = new HashSet<>();
        List<String> strays = new ArrayList<>();
        long lines = client.results(old.batchId(), null, line -> {
            try {
                TaskResult result = EventCodec.decodeResult(line.getBytes(StandardCharsets.UTF_8));
                ids.add(result.taskId());
                if (!old.batchId().equals(result.batchId())) {
                    strays.add(result.taskId());
                }
            } catch (EventDecodingException e) {
                strays.add("unreadable line: " + e.getMessage());
            }
        });
        long failedLines = client.results(old.batchId(), "failed", line -> { });
        if (lines != old.tasks() || ids.size() != old.tasks() || !strays.isEmpty() || failedLines != old.failed()) {
            throw new IllegalStateException("the results of batch " + old.index() + " (" + old.batchId() + ") are not as "
                    + "written: " + lines + " lines for " + ids.size() + " distinct tasks (written " + old.tasks()
                    + "), " + failedLines + " failed (written " + old.failed() + "), not of the batch: " + strays);
        }
        done.add(String.format(Locale.ROOT, "results of batch %d: %d, one per task, %d failed", old.index(), lines,
                failedLines));
        return done;
    }

    private BatchClient client(URI producer, String team) {
        return new BatchClient(producer, keys.get(team));
    }

    static List<String> differences(BatchTruth batch, BatchStatus status) {
        List<String> wrong = new ArrayList<>();
        expect(wrong, "state", BatchState.COMPLETED, status.state());
        expect(wrong, "team", batch.team(), status.team());
        expect(wrong, "run", 1, status.run());
        expect(wrong, "total", (long) batch.tasks(), status.total());
        expect(wrong, "finished", (long) batch.tasks(), status.finished());
        expect(wrong, "queued", 0L, status.queued());
        expect(wrong, "succeeded", (long) batch.succeeded(), status.succeeded());
        expect(wrong, "failed", (long) batch.failed(), status.failed());
        expect(wrong, "cancelled", 0L, status.cancelled());
        expect(wrong, "inputTokens", batch.inputTokens(), status.inputTokens());
        expect(wrong, "outputTokens", batch.outputTokens(), status.outputTokens());
        expect(wrong, "costUsd", batch.costUsd(), status.costUsd());
        expect(wrong, "duplicatesDropped", (long) batch.duplicates(), status.duplicatesDropped());
        expect(wrong, "acceptedAt", batch.acceptedAt(), status.acceptedAt());
        tier(wrong, "fast", batch.fast(), status.tiers().get("fast"));
        tier(wrong, "quality", batch.quality(), status.tiers().get("quality"));
        return wrong;
    }

    private static void tier(List<String> wrong, String name, BatchTruth.Tier written, TierCounts counts) {
        boolean touched = written.routed() + written.escalatedIn() + written.escalatedOut() > 0;
        if (counts == null) {
            if (touched) {
                wrong.add("tier " + name + " missing");
            }
            return;
        }
        expect(wrong, name + ".routed", written.routed(), counts.routed());
        expect(wrong, name + ".escalatedIn", written.escalatedIn(), counts.escalatedIn());
        expect(wrong, name + ".escalatedOut", written.escalatedOut(), counts.escalatedOut());
        expect(wrong, name + ".succeeded", written.succeeded(), counts.succeeded());
        expect(wrong, name + ".failed", written.failed(), counts.failed());
    }

    private static void expect(List<String> wrong, String field, Object written, Object answered) {
        if (!written.equals(answered)) {
            wrong.add(field + " " + answered + " (written " + written + ")");
        }
    }
}
