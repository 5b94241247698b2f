package dev.taskfleet.benchmarks.batchtier;

import dev.taskfleet.benchmarks.ResultsFollower.TimedResult;
import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.TaskResult;
import java.util.Collection;

/**
 * What one run of one scenario measured.
 *
 * @param scenario      how the batch was run
 * @param tasks         tasks in the batch (each has exactly one final result)
 * @param succeeded     of those, SUCCEEDED
 * @param costUsd       the results' cost, every call included
 * @param fastModelUsd  of that, the calls on fast's model: on {@code fast} and on the batch tier
 * @param batchTierUsd  of that, the calls on the batch tier
 * @param makespanMs    from the start of the upload to the last result's record
 * @param onLineDoneMs  from the start of the upload to the last result of a task that never ran on
 *                      the batch tier: when the work someone waits for was done
 * @param firstOnBatch  tasks whose first call was on the batch tier
 * @param calls         model calls made, the batch tier's requests included
 * @param escalated     tasks that ran on more than one tier
 */
public record BatchTierRun(BatchTierScenario scenario, int tasks, int succeeded, double costUsd, double fastModelUsd,
        double batchTierUsd, long makespanMs, long onLineDoneMs, int firstOnBatch, long calls, int escalated) {

    /** Measures a run from its results. */
    public static BatchTierRun of(BatchTierScenario scenario, Collection<TimedResult> results, long uploadStartMs) {
        long last = 0;
        long lastOnLine = 0;
        int succeeded = 0;
        int firstOnBatch = 0;
        int escalated = 0;
        long calls = 0;
        double cost = 0;
        double fastModel = 0;
        double batchTier = 0;
        for (TimedResult timed : results) {
            TaskResult result = timed.result();
            long done = timed.timestampMs() - uploadStartMs;
            last = Math.max(last, done);
            boolean touchedBatch = result.history().stream().anyMatch(BatchTierRun::onBatchTier);
            lastOnLine = touchedBatch ? lastOnLine : Math.max(lastOnLine, done);
            succeeded += result.succeeded() ? 1 : 0;
            cost += result.costUsd();
            for (AttemptRecord attempt : result.history()) {
                fastModel += onBatchTier(attempt) || attempt.tier().equals("fast") ? attempt.costUsd() : 0;
                batchTier += onBatchTier(attempt) ? attempt.costUsd() : 0;
            }
            calls += result.history().size();
            firstOnBatch += !result.history().isEmpty() && onBatchTier(result.history().get(0)) ? 1 : 0;
            escalated += result.history().stream().map(AttemptRecord::tier).distinct().count() > 1 ? 1 : 0;
        }
        return new BatchTierRun(scenario, results.size(), succeeded, cost, fastModel, batchTier, last, lastOnLine,
                firstOnBatch, calls, escalated);
    }

    public double successShare() {
        return tasks == 0 ? 0 : (double) succeeded / tasks;
    }

    private static boolean onBatchTier(AttemptRecord attempt) {
        return BatchTierScenario.BATCH_TIER.equals(attempt.tier());
    }
}
