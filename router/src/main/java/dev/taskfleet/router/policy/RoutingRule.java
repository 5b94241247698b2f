package dev.taskfleet.router.policy;

import dev.taskfleet.contract.Task;
import java.util.Optional;

/**
 * One rule of a {@link RuleChainPolicy}: either it decides the tier or it has no opinion and the
 * next rule is asked. Rules are pure and thread-safe.
 */
public interface RoutingRule {

    /**
     * The rule's stable id, recorded on every decision it makes and used as a metric tag, so it
     * must stay short and must not vary per task.
     */
    String id();

    /** The decision, or empty when this rule has nothing to say about the task. */
    Optional<TierDecision> apply(Task task);
}
