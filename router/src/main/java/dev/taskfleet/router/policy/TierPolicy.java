package dev.taskfleet.router.policy;

import dev.taskfleet.contract.Task;
import java.util.List;

/**
 * Decides the tier of a task. Implementations are pure and thread-safe: the same task always
 * gets the same decision, and nothing is read from or written to the outside world.
 */
public interface TierPolicy {

    /**
     * The tier the task must run on and the rule that chose it. Always answers: a policy falls
     * back to a default tier rather than refusing a task, because refusing is the validator's job.
     */
    TierDecision decide(Task task);

    /** Every rule id {@link #decide} can report, in the order the rules are tried. */
    List<String> ruleIds();
}
