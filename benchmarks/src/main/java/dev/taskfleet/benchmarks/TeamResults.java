package dev.taskfleet.benchmarks;

import dev.taskfleet.benchmarks.ResultsFollower.TimedResult;
import dev.taskfleet.contract.TaskResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The first result of every task of the batches it tracks, read from the results topic while
 * several batches run side by side. Every result of a tracked batch must be a success on the tier
 * and name a task the batch was submitted with; a task's further results are counted as repeats.
 * Not thread-safe.
 */
final class TeamResults {

    private final ResultsFollower follower;
    private final String tier;
    private final Map<String, Tracked> batches = new HashMap<>();
    private int repeats;

    private record Tracked(String team, Set<String> ids, Map<String, TimedResult> first) {
    }

    TeamResults(ResultsFollower follower, String tier) {
        this.follower = follower;
        this.tier = tier;
    }

    /** Starts tracking a batch; results read before this are not seen again. */
    void track(String batchId, String team, Set<String> ids) {
        batches.put(batchId, new Tracked(team, ids, new HashMap<>()));
    }

    /**
     * Reads results until {@code done} holds (checked after every poll).
     *
     * @throws IllegalStateException if no new result of a tracked batch arrives for {@code stall},
     *                               or a result breaks the rules above
     */
    void followUntil(BooleanSupplier done, Duration stall) {
        Instant lastProgress = Instant.now();
        while (!done.getAsBoolean()) {
            int before = total();
            follower.poll(this::accept);
            if (total() > before) {
                lastProgress = Instant.now();
            } else if (Duration.between(lastProgress, Instant.now()).compareTo(stall) > 0) {
                throw new IllegalStateException("no new result of " + batches.keySet() + " for " + stall.toSeconds()
                        + " s; " + total() + " arrived");
            }
        }
    }

    private void accept(TimedResult timed) {
        TaskResult result = timed.result();
        Tracked batch = batches.get(result.batchId());
        if (batch == null) {
            return;
        }
        if (!batch.ids().contains(result.taskId())) {
            throw new IllegalStateException("batch " + result.batchId() + " has a result for task " + result.taskId()
                    + ", which it was not submitted with");
        }
        if (!result.succeeded() || !tier.equals(result.tier())) {
            throw new IllegalStateException("task " + result.taskId() + " ended " + result.status() + " on "
                    + result.tier() + "; every task should succeed on " + tier);
        }
        if (batch.first().putIfAbsent(result.taskId(), timed) != null) {
            repeats++;
        }
    }

    private int total() {
        return batches.values().stream().mapToInt(b -> b.first().size()).sum();
    }

    /** Tasks of the batch with a result so far. */
    int done(String batchId) {
        return batches.get(batchId).first().size();
    }

    boolean complete(String batchId) {
        Tracked batch = batches.get(batchId);
        return batch.first().size() == batch.ids().size();
    }

    boolean allComplete() {
        return batches.keySet().stream().allMatch(this::complete);
    }

    /** The batch's latest result so far: its record timestamp, epoch ms (0 if none). */
    long lastRecordMs(String batchId) {
        return batches.get(batchId).first().values().stream().mapToLong(TimedResult::timestampMs).max().orElse(0);
    }

    /** The batch's latest {@code finishedAt} so far, epoch ms (0 if none). */
    long lastFinishedMs(String batchId) {
        return batches.get(batchId).first().values().stream()
                .mapToLong(t -> t.result().finishedAt().toEpochMilli()).max().orElse(0);
    }

    /** Tasks of the batch that finished by {@code epochMs}. */
    int finishedBy(String batchId, long epochMs) {
        return (int) batches.get(batchId).first().values().stream()
                .filter(t -> t.result().finishedAt().toEpochMilli() <= epochMs).count();
    }

    /** Every tracked task's first result as a completion of its batch's team. */
    List<Shares.Completion> completions() {
        List<Shares.Completion> all = new ArrayList<>();
        batches.values().forEach(batch -> batch.first().values().forEach(timed ->
                all.add(new Shares.Completion(batch.team(), timed.result().finishedAt().toEpochMilli()))));
        return all;
    }

    /** Results of tracked tasks that already had one. */
    int repeats() {
        return repeats;
    }
}
