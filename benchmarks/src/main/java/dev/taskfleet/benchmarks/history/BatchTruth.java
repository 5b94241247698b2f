package dev.taskfleet.benchmarks.history;

import java.time.Instant;

/**
 * What one batch of the history is, as written: what its status must say after any replay. Counts
 * are of each task's first result (the one every reader keeps); {@code duplicates} results were
 * written a second time and must be dropped.
 *
 * @param costNanoUsd the first results' costs, each rounded to nano-dollars, summed (as the ledger sums them)
 */
public record BatchTruth(int index, String batchId, String team, Instant acceptedAt, int tasks, int succeeded,
                         int failed, long inputTokens, long outputTokens, long costNanoUsd, int duplicates,
                         Tier fast, Tier quality, long resultBytes, long batchEventBytes) {

    /**
     * One tier's part: first placements there, escalations in and out (from fast to quality), and
     * the tasks whose final result is on it.
     */
    public record Tier(long routed, long escalatedIn, long escalatedOut, long succeeded, long failed) {
    }

    public double costUsd() {
        return costNanoUsd / 1e9;
    }
}
