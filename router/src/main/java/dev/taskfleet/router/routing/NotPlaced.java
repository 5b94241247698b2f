package dev.taskfleet.router.routing;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ResultError;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.RoutingDecision;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The final result of a task the router could not place: routed but too large for its tier, or
 * invalid. FAILED, no call made. Without it the task would never have a final result and its
 * batch would never finish.
 */
public final class NotPlaced {

    private NotPlaced() {
    }

    /**
     * @param code     a {@link dev.taskfleet.contract.ResultErrorCodes} code
     * @param reason   why it could not be placed (no prompt text)
     * @param routerId written as {@code workerId}, like the router's other results
     */
    public static TaskResult result(RoutedTask routed, String code, String reason, String routerId, Instant at) {
        return failed(routed.task(), routed.tier(), routed.routing(), code, reason, routerId, at);
    }

    /**
     * The final result of a task the router found invalid: FAILED {@code INVALID_TASK} on tier
     * {@link TaskResult#UNROUTED}. Empty when the task's own id or batch id is what is invalid:
     * then there is no batch waiting for it (or none it could be told apart in).
     *
     * @param invalidField the field the validator named
     */
    public static Optional<TaskResult> invalid(Task task, String invalidField, String reason, String routerId,
            Instant at) {
        if ("id".equals(invalidField) || "batchId".equals(invalidField) || task.batchId() == null
                || task.batchId().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(failed(task, TaskResult.UNROUTED, null, ResultErrorCodes.INVALID_TASK, reason, routerId, at));
    }

    private static TaskResult failed(Task task, String tier, RoutingDecision routing, String code, String reason,
            String routerId, Instant at) {
        return new TaskResult(EventCodec.SCHEMA_VERSION, task.id(), task.batchId(), task.type(), tier, null,
                ResultStatus.FAILED, null, new ResultError(code, reason), 0, 0, 0, 0, 0, routerId, at,
                routing, task.team(), task.run(), task.createdAt(), List.of(), task.priority());
    }
}
