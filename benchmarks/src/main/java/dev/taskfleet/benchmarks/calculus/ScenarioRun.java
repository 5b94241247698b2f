package dev.taskfleet.benchmarks.calculus;

import dev.taskfleet.benchmarks.Percentiles;
import dev.taskfleet.benchmarks.ResultsFollower.TimedResult;
import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.TaskResult;
import java.util.Arrays;
import java.util.Collection;

/**
 * What one run of one scenario measured.
 *
 * @param scenario      the routing policy
 * @param tasks         tasks in the batch (each has exactly one final result)
 * @param succeeded     of those, SUCCEEDED
 * @param costUsd       the results' cost, every call included
 * @param estimateUsd   what {@code taskfleet route --explain --estimate} predicts for the batch (one call per task on its routed tier)
 * @param makespanMs    from the start of the upload to the last result's record
 * @param serialMs      the sum of every model call's latency, retries and escalations included:
 *                      the batch run one call at a time
 * @param p50Ms         median task latency, upload start to the task's result record
 * @param p95Ms         95th percentile of the same
 * @param calls         model calls made
 * @param escalated     tasks that ran on more than one tier
 * @param placedOnTop   tasks whose first placement was the top tier
 */
public record ScenarioRun(RoutingScenario scenario, int tasks, int succeeded, double costUsd, double estimateUsd,
        long makespanMs, long serialMs, long p50Ms, long p95Ms, long calls, int escalated, int placedOnTop) {

    /** Measures a run from its results. */
    public static ScenarioRun of(RoutingScenario scenario, Collection<TimedResult> results, long uploadStartMs,
            double estimateUsd, String topTier) {
        long[] latencies = results.stream().mapToLong(r -> r.timestampMs() - uploadStartMs).sorted().toArray();
        long serial = 0;
        long calls = 0;
        int escalated = 0;
        int onTop = 0;
        int succeeded = 0;
        double cost = 0;
        for (TimedResult timed : results) {
            TaskResult result = timed.result();
            succeeded += result.succeeded() ? 1 : 0;
            cost += result.costUsd();
            calls += result.history().size();
            serial += result.history().stream().mapToLong(AttemptRecord::latencyMs).sum();
            escalated += result.history().stream().map(AttemptRecord::tier).distinct().count() > 1 ? 1 : 0;
            onTop += !result.history().isEmpty() && result.history().get(0).tier().equals(topTier) ? 1 : 0;
        }
        return new ScenarioRun(scenario, results.size(), succeeded, cost, estimateUsd,
                latencies.length == 0 ? 0 : latencies[latencies.length - 1], serial,
                percentile(latencies, 50), percentile(latencies, 95), calls, escalated, onTop);
    }

    public double successShare() {
        return tasks == 0 ? 0 : (double) succeeded / tasks;
    }

    /** How many times shorter the fleet's makespan is than one call at a time. */
    public double speedUp() {
        return makespanMs == 0 ? 0 : (double) serialMs / makespanMs;
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, int percent) {
        return sorted.length == 0 ? 0 : Percentiles.nearestRank(sorted, percent);
    }

    @Override
    public String toString() {
        return scenario.id() + Arrays.toString(new Object[] {tasks, succeeded, costUsd, makespanMs, serialMs});
    }
}
