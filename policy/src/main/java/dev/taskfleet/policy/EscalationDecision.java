package dev.taskfleet.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a worker's escalation request.
 *
 * @param nextTier the tier to place the task on, or empty when the policy allows no further
 *                 attempt (the router then publishes the task's final FAILED result)
 * @param reason   one line a person can read: where the task goes and why, or why it stops
 */
public record EscalationDecision(Optional<String> nextTier, String reason) {

    public EscalationDecision {
        Objects.requireNonNull(nextTier, "nextTier");
        Objects.requireNonNull(reason, "reason");
    }
}
