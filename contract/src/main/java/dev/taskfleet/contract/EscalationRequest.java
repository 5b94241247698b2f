package dev.taskfleet.contract;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A worker's request to run a task again on a stronger tier, published on
 * {@code <prefix>.escalations} keyed by task id. The router answers it: it places the task on the
 * next tier up, or, when the policy allows no higher tier, publishes the task's final FAILED
 * result itself. Either way exactly one of the two happens per request.
 *
 * @param schemaVersion contract version this event was written with
 * @param routed        the task as it ran on the tier it failed on
 * @param history       every model call made for the task so far, including those on
 *                      {@code routed.tier()}, oldest first
 * @param error         why the task failed on {@code routed.tier()}
 * @param workerId      the worker that gave up on the task
 * @param requestedAt   when the worker gave up
 */
public record EscalationRequest(
        int schemaVersion,
        RoutedTask routed,
        List<AttemptRecord> history,
        ResultError error,
        String workerId,
        Instant requestedAt) {

    public EscalationRequest {
        Objects.requireNonNull(routed, "routed");
        Objects.requireNonNull(error, "error");
        history = history == null ? List.of() : List.copyOf(history);
    }

    public String fromTier() {
        return routed.tier();
    }

    public Task task() {
        return routed.task();
    }
}
