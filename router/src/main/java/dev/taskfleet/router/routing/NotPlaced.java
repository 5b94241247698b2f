package dev.taskfleet.router.routing;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ResultError;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskResult;
import java.time.Instant;
import java.util.List;

/**
 * The final result of a task the router routed but could not place on its tier: FAILED, no call
 * made, on the tier it was meant for. Without it the task would never have a final result and its
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
        Task task = routed.task();
        return new TaskResult(EventCodec.SCHEMA_VERSION, task.id(), task.batchId(), task.type(), routed.tier(), null,
                ResultStatus.FAILED, null, new ResultError(code, reason), 0, 0, 0, 0, 0, routerId, at,
                routed.routing(), task.team(), task.run(), task.createdAt(), List.of());
    }
}
