package dev.taskfleet.producer.progress;

import dev.taskfleet.api.BatchState;
import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.api.TierCounts;
import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.TaskResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Everything known about one batch. Not thread-safe: {@link BatchLedger} guards it.
 *
 * <p>A task is <em>finished</em> when its newest run has a final result. A retry to run {@code N}
 * re-runs every task whose newest run failed, and is only allowed once every task had finished;
 * so a task whose newest result is FAILED from a run below the batch's newest run is waiting for
 * its re-run. Deciding this from the results and the newest run alone (rather than from the
 * moment a RETRIED event was read) keeps the answer independent of how the batches and results
 * topics interleave while being read, which is what lets every replica agree.
 */
final class BatchProgress {

    private static final ResultStatus[] STATUSES = ResultStatus.values();
    private static final byte FAILED = (byte) ResultStatus.FAILED.ordinal();

    private final String batchId;
    private String team;
    private boolean accepted;
    private Instant acceptedAt;
    private long acceptedCount;
    private int newestRun = 1;
    private int cancelledRun;
    private int highestResultRun;
    private final Map<String, TaskSlot> tasks = new HashMap<>();
    // (run, tier, status) -> tasks whose newest counted result has them; tiny, so status() is cheap.
    private final Map<Long, long[]> counts = new HashMap<>();
    private long inputTokens;
    private long outputTokens;
    // Summed as integers so that the total does not depend on the order results were read in.
    private long costNanoUsd;
    private Instant firstResultAt;
    private Instant lastResultAt;
    private long duplicatesDropped;

    BatchProgress(String batchId) {
        this.batchId = batchId;
    }

    String team() {
        return team;
    }

    boolean accepted() {
        return accepted;
    }

    /** When the batch sorts in its team's list: acceptance, else its first result. */
    Instant sortTime() {
        if (acceptedAt != null) {
            return acceptedAt;
        }
        return firstResultAt != null ? firstResultAt : Instant.EPOCH;
    }

    void apply(BatchEvent event) {
        switch (event.type()) {
            case ACCEPTED -> {
                accepted = true;
                team = event.team();
                acceptedAt = acceptedAt == null || event.occurredAt().isBefore(acceptedAt) ? event.occurredAt() : acceptedAt;
                acceptedCount = Math.max(acceptedCount, event.taskCount());
            }
            case RETRIED -> newestRun = Math.max(newestRun, event.run());
            case CANCELLED -> cancelledRun = Math.max(cancelledRun, event.run());
            default -> throw new IllegalArgumentException("unknown batch event type " + event.type());
        }
    }

    /**
     * Counts a result unless it repeats a task run already counted (the contract's first-wins
     * rule; a late copy of an older run is a repeat too).
     *
     * @return {@code false} for a dropped duplicate
     */
    boolean apply(TaskResult result, byte tier, int partition, long offset, Instant readAt) {
        if (team == null) {
            team = result.team();
        }
        highestResultRun = Math.max(highestResultRun, result.run());
        TaskSlot slot = tasks.get(result.taskId());
        if (slot != null && result.run() <= slot.run) {
            duplicatesDropped++;
            return false;
        }
        if (slot == null) {
            slot = new TaskSlot();
            tasks.put(result.taskId(), slot);
        } else {
            counts.get(key(slot.run, slot.tier, slot.status))[0]--;
        }
        byte status = (byte) result.status().ordinal();
        slot.set(result.run(), status, tier, partition, offset);
        counts.computeIfAbsent(key(result.run(), tier, status), k -> new long[1])[0]++;
        inputTokens += result.inputTokens();
        outputTokens += result.outputTokens();
        costNanoUsd += Math.round(result.costUsd() * 1e9);
        Instant at = result.finishedAt() != null ? result.finishedAt() : readAt;
        firstResultAt = firstResultAt == null || at.isBefore(firstResultAt) ? at : firstResultAt;
        lastResultAt = lastResultAt == null || at.isAfter(lastResultAt) ? at : lastResultAt;
        return true;
    }

    BatchStatus status(IntFunction<String> tierName, Comparator<String> tierOrder) {
        long succeeded = 0;
        long failed = 0;
        long cancelled = 0;
        Map<String, long[]> perTier = new TreeMap<>(tierOrder);
        for (Map.Entry<Long, long[]> entry : counts.entrySet()) {
            long key = entry.getKey();
            long n = entry.getValue()[0];
            byte status = (byte) (key & 0xFF);
            if (n == 0 || waitingForRerun(runOf(key), status)) {
                continue;
            }
            long[] tier = perTier.computeIfAbsent(tierName.apply((int) ((key >> 8) & 0xFF)), t -> new long[3]);
            tier[status] += n;
            switch (STATUSES[status]) {
                case SUCCEEDED -> succeeded += n;
                case FAILED -> failed += n;
                case CANCELLED -> cancelled += n;
                default -> throw new IllegalStateException("unknown status " + status);
            }
        }
        Map<String, TierCounts> tiers = new TreeMap<>(tierOrder);
        perTier.forEach((name, c) -> tiers.put(name, new TierCounts(
                c[ResultStatus.SUCCEEDED.ordinal()], c[ResultStatus.FAILED.ordinal()], c[ResultStatus.CANCELLED.ordinal()])));
        long finished = succeeded + failed + cancelled;
        long total = Math.max(acceptedCount, tasks.size());
        long queued = total - finished;
        double throughput = throughput(finished);
        Long eta = queued == 0 ? Long.valueOf(0) : throughput > 0 ? Long.valueOf((long) Math.ceil(queued / throughput)) : null;
        return new BatchStatus(batchId, team, state(queued), acceptedAt, newestRun, total, finished, queued,
                succeeded, failed, cancelled, tiers, inputTokens, outputTokens, costNanoUsd / 1e9,
                firstResultAt, lastResultAt, throughput, eta, duplicatesDropped);
    }

    /**
     * The highest run this batch has any trace of: its events, or a result of a run whose
     * RETRIED event was never written (a retry that failed after publishing some tasks).
     */
    int highestRun() {
        return Math.max(Math.max(newestRun, cancelledRun), highestResultRun);
    }

    /** Ids of the finished tasks whose newest run failed: what a retry re-runs. */
    Set<String> failedTaskIds() {
        Set<String> ids = new HashSet<>();
        tasks.forEach((id, slot) -> {
            if (slot.status == FAILED && !waitingForRerun(slot.run, slot.status)) {
                ids.add(id);
            }
        });
        return ids;
    }

    /**
     * Where the final result of each finished task sits, by partition, offsets ascending;
     * {@code only} narrows it to one status ({@code null} for all).
     */
    Map<Integer, long[]> finalResultOffsets(ResultStatus only) {
        Map<Integer, List<Long>> byPartition = new TreeMap<>();
        for (TaskSlot slot : tasks.values()) {
            if (waitingForRerun(slot.run, slot.status) || (only != null && slot.status != only.ordinal())) {
                continue;
            }
            byPartition.computeIfAbsent(slot.partition, p -> new ArrayList<>()).add(slot.offset);
        }
        Map<Integer, long[]> offsets = new TreeMap<>();
        byPartition.forEach((partition, list) ->
                offsets.put(partition, list.stream().mapToLong(Long::longValue).sorted().toArray()));
        return offsets;
    }

    private boolean waitingForRerun(int run, byte status) {
        return status == FAILED && run < newestRun;
    }

    private BatchState state(long queued) {
        if (cancelledRun > 0 && cancelledRun >= newestRun) {
            return BatchState.CANCELLED;
        }
        return accepted && queued == 0 ? BatchState.COMPLETED : BatchState.RUNNING;
    }

    private double throughput(long finished) {
        if (finished == 0 || firstResultAt == null) {
            return 0;
        }
        long spanMillis = Duration.between(firstResultAt, lastResultAt).toMillis();
        return spanMillis <= 0 ? 0 : finished * 1000.0 / spanMillis;
    }

    private static long key(int run, byte tier, byte status) {
        return ((long) run << 16) | ((tier & 0xFFL) << 8) | (status & 0xFFL);
    }

    private static int runOf(long key) {
        return (int) (key >>> 16);
    }
}
