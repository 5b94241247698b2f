package dev.taskfleet.launcher.progress;

import dev.taskfleet.contract.TaskResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The tally of one batch's results: counts per tier and status, when the first and last results
 * finished, the serial time (sum of every call's latency) and from that the speed-up of running the
 * batch in parallel.
 *
 * <p>Fed from {@code GET /batches/{id}/results} once a batch is done, which already gives one
 * final result per task; a task's second result is still counted as a duplicate and otherwise
 * ignored, and results of other batches are ignored. Plain Java; not thread-safe.
 */
public final class BatchProgress {

    private static final String UNKNOWN_TIER = "unknown";

    private final String batchId;
    private final int expected;
    private final Instant submittedAt;
    private final Map<String, Counter> tiers = new LinkedHashMap<>();
    private final Set<String> seenTaskIds = new HashSet<>();
    private int duplicates;
    private Instant firstResultAt;
    private Instant lastResultAt;

    /**
     * @param batchId     the batch to follow
     * @param expected    how many tasks the producer accepted
     * @param knownTiers  tiers listed even before they have results, in this order
     * @param submittedAt when the batch was submitted; the makespan is measured from here
     */
    public BatchProgress(String batchId, int expected, List<String> knownTiers, Instant submittedAt) {
        this.batchId = Objects.requireNonNull(batchId, "batchId");
        this.expected = expected;
        this.submittedAt = Objects.requireNonNull(submittedAt, "submittedAt");
        knownTiers.forEach(tier -> tiers.put(tier, new Counter()));
    }

    /**
     * Counts a result if it belongs to this batch and its task has no result yet.
     *
     * @param observedAt when the result was seen; used as its finish time if it has none
     * @return whether the result was counted
     */
    public boolean record(TaskResult result, Instant observedAt) {
        if (!batchId.equals(result.batchId())) {
            return false;
        }
        if (!seenTaskIds.add(result.taskId())) {
            duplicates++;
            return false;
        }
        String tier = result.tier() == null ? UNKNOWN_TIER : result.tier();
        tiers.computeIfAbsent(tier, t -> new Counter()).add(result);
        Instant finishedAt = result.finishedAt() != null ? result.finishedAt() : observedAt;
        if (firstResultAt == null || finishedAt.isBefore(firstResultAt)) {
            firstResultAt = finishedAt;
        }
        if (lastResultAt == null || finishedAt.isAfter(lastResultAt)) {
            lastResultAt = finishedAt;
        }
        return true;
    }

    public String batchId() {
        return batchId;
    }

    public int expected() {
        return expected;
    }

    public Instant submittedAt() {
        return submittedAt;
    }

    public int completed() {
        return seenTaskIds.size();
    }

    public boolean isComplete() {
        return completed() >= expected;
    }

    /** Results ignored because their task already had one. */
    public int duplicates() {
        return duplicates;
    }

    /** One tally per tier: the known tiers first, then others in the order they appeared. */
    public List<TierTally> tiers() {
        List<TierTally> tallies = new ArrayList<>();
        tiers.forEach((tier, counter) -> tallies.add(counter.tally(tier)));
        return tallies;
    }

    /** All tiers together. */
    public TierTally total() {
        Counter total = new Counter();
        tiers.values().forEach(total::addAll);
        return total.tally("total");
    }

    public Optional<Instant> firstResultAt() {
        return Optional.ofNullable(firstResultAt);
    }

    public Optional<Instant> lastResultAt() {
        return Optional.ofNullable(lastResultAt);
    }

    /** From submission to the last result's finish; zero before the first result. */
    public Duration makespan() {
        return lastResultAt == null ? Duration.ZERO : Duration.between(submittedAt, lastResultAt);
    }

    /** The sum of the latencies of every call of every counted result: how long one call at a time would take. */
    public Duration serialTime() {
        return total().serialTime();
    }

    /** Completed tasks per second of makespan; 0 before the first result. */
    public double throughputPerSecond() {
        double seconds = makespan().toNanos() / 1e9;
        return seconds <= 0 ? 0 : completed() / seconds;
    }

    /** Serial time divided by makespan; 0 before the first result. */
    public double speedUp() {
        long makespanNanos = makespan().toNanos();
        return makespanNanos <= 0 ? 0 : (double) serialTime().toNanos() / makespanNanos;
    }

    private static final class Counter {
        private int succeeded;
        private int failed;
        private int cancelled;
        private long tokens;
        private long latencyMillis;
        private double costUsd;

        void add(TaskResult result) {
            switch (result.status()) {
                case SUCCEEDED -> succeeded++;
                case FAILED -> failed++;
                case CANCELLED, BUDGET_EXCEEDED -> cancelled++;
            }
            tokens += result.inputTokens() + result.outputTokens();
            latencyMillis += everyCallsLatency(result);
            costUsd += result.costUsd();
        }

        /**
         * One call at a time means every call: retries and the calls on a tier the task escalated
         * from, all counted in the row of the tier that finished it. A result without history (an
         * older worker's) has only its final call's latency.
         */
        private static long everyCallsLatency(TaskResult result) {
            if (result.history().isEmpty()) {
                return Math.max(0, result.latencyMs());
            }
            return result.history().stream().mapToLong(call -> Math.max(0, call.latencyMs())).sum();
        }

        void addAll(Counter other) {
            succeeded += other.succeeded;
            failed += other.failed;
            cancelled += other.cancelled;
            tokens += other.tokens;
            latencyMillis += other.latencyMillis;
            costUsd += other.costUsd;
        }

        TierTally tally(String tier) {
            return new TierTally(tier, succeeded + failed + cancelled, succeeded, failed, cancelled, tokens,
                    Duration.ofMillis(latencyMillis), costUsd);
        }
    }
}
