package dev.taskfleet.router.explain;

import dev.taskfleet.contract.Task;
import dev.taskfleet.policy.PolicyDecision;
import java.util.Map;

/** One row of an explain reply: the tier a task would get and why. */
public record ExplainedTask(String id, String type, String tier, String rule, double score,
        Map<String, Double> features, String explanation) {

    static ExplainedTask of(Task task, PolicyDecision decision) {
        return new ExplainedTask(task.id(), task.type(), decision.tier(), decision.rule(), decision.score(),
                decision.features(), decision.explanation());
    }
}
