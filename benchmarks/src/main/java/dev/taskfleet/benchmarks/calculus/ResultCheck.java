package dev.taskfleet.benchmarks.calculus;

import dev.taskfleet.benchmarks.ResultsFollower.TimedResult;
import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.TaskResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks every task's final result against what the scenario must produce, so a run that moved
 * the wrong work, lost a task or charged wrongly fails instead of printing a table:
 * <ul>
 *   <li>a result per task, SUCCEEDED or FAILED, with at least one call, its cost and call count the
 *       sum of its history, on the tier of its last call;</li>
 *   <li>its first call on the tier the scenario's policy gives the task (adaptive routing may
 *       move it one tier up), then only upwards, and on one tier only when the scenario does not
 *       escalate;</li>
 *   <li>a success only on a tier able to do the task (its hidden difficulty at most the tier's
 *       {@code simulated.capability}).</li>
 * </ul>
 */
final class ResultCheck {

    private ResultCheck() {
    }

    /**
     * @param expectedFirstTier the policy's tier per task id
     * @param difficulty        the hidden difficulty per task id
     * @param capability        each tier's simulated capability
     * @throws IllegalStateException listing the first problems found
     */
    static void verify(RoutingScenario scenario, Map<String, TimedResult> results, Map<String, String> expectedFirstTier,
            Map<String, Double> difficulty, Map<String, Double> capability) {
        List<String> problems = new ArrayList<>();
        if (!results.keySet().equals(expectedFirstTier.keySet())) {
            problems.add(results.size() + " results for " + expectedFirstTier.size() + " tasks");
        }
        results.forEach((id, timed) -> check(scenario, id, timed.result(), expectedFirstTier.get(id),
                difficulty.get(id), capability, problems));
        if (!problems.isEmpty()) {
            throw new IllegalStateException(scenario.id() + ": " + problems.size() + " problem(s), first: "
                    + problems.subList(0, Math.min(5, problems.size())));
        }
    }

    private static void check(RoutingScenario scenario, String id, TaskResult result, String expectedTier,
            Double difficulty, Map<String, Double> capability, List<String> problems) {
        List<AttemptRecord> history = result.history();
        if (result.status().notRun() || history.isEmpty()) {
            problems.add(id + " ended " + result.status() + " after " + history.size() + " calls");
            return;
        }
        double historyCost = history.stream().mapToDouble(AttemptRecord::costUsd).sum();
        if (Math.abs(historyCost - result.costUsd()) > 1e-9 || result.attempts() != history.size()) {
            problems.add(id + " charges " + result.costUsd() + " for " + result.attempts() + " calls, its history "
                    + historyCost + " for " + history.size());
        }
        if (!result.tier().equals(history.get(history.size() - 1).tier())) {
            problems.add(id + " reports tier " + result.tier() + " but its last call ran on " + history.get(history.size() - 1).tier());
        }
        List<String> tiers = RoutingScenario.TIERS;
        String first = history.get(0).tier();
        boolean firstAllowed = first.equals(expectedTier) || scenario.adaptive()
                && tiers.indexOf(first) == tiers.indexOf(expectedTier) + 1;
        if (!firstAllowed) {
            problems.add(id + " first ran on " + first + ", the policy gives " + expectedTier);
        }
        for (int i = 1; i < history.size(); i++) {
            int step = tiers.indexOf(history.get(i).tier()) - tiers.indexOf(history.get(i - 1).tier());
            if (step < 0 || step > 0 && !scenario.escalates()) {
                problems.add(id + " moved from " + history.get(i - 1).tier() + " to " + history.get(i).tier());
            }
        }
        if (result.succeeded() && difficulty > capability.get(result.tier())) {
            problems.add(id + " succeeded on " + result.tier() + " although its difficulty " + difficulty
                    + " is above the tier's capability " + capability.get(result.tier()));
        }
    }
}
