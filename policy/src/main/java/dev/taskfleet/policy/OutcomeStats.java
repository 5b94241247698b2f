package dev.taskfleet.policy;

import java.util.Optional;

/**
 * Recent outcomes per (task type, tier), the input of adaptive routing. Kept behind an interface
 * so the policy stays a pure function of its inputs: tests pass fixed numbers, the router passes
 * an {@link OutcomeWindow} fed from results.
 */
@FunctionalInterface
public interface OutcomeStats {

    /** No history at all: adaptive routing never moves a task. */
    OutcomeStats NONE = (taskType, tier) -> Optional.empty();

    /** The success rate of the type on the tier, or empty when nothing was recorded. */
    Optional<SuccessRate> successRate(String taskType, String tier);
}
