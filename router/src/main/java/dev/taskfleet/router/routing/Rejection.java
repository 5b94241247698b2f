package dev.taskfleet.router.routing;

import dev.taskfleet.contract.TaskResult;
import java.util.Objects;

/**
 * A record that must go to the dead-letter topic, from either input topic (tasks or escalations).
 *
 * @param reasonCode one of {@link TaskRouting#REASON_CODES}
 * @param reason     what is wrong, for a person; may quote parts of the payload, so it belongs
 *                   in the dead-letter record, not in logs
 * @param taskId      the task's id when the payload decoded far enough to have one, else {@code null}
 * @param finalResult the task's final FAILED result, written with the dead letter, when the record
 *                    names a task of a batch that would otherwise never finish; else {@code null}
 */
public record Rejection(String reasonCode, String reason, String taskId, TaskResult finalResult)
        implements RoutingOutcome, EscalationOutcome {

    public Rejection {
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(reason, "reason");
    }

    /** A rejection with no final result to write: the record names no task a batch waits for. */
    public Rejection(String reasonCode, String reason, String taskId) {
        this(reasonCode, reason, taskId, null);
    }
}
