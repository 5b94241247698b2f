package dev.taskfleet.router.routing;

import java.util.Objects;

/**
 * A record that must go to the dead-letter topic, from either input topic (tasks or escalations).
 *
 * @param reasonCode one of {@link TaskRouting#REASON_CODES}
 * @param reason     what is wrong, for a person; may quote parts of the payload, so it belongs
 *                   in the dead-letter record, not in logs
 * @param taskId     the task's id when the payload decoded far enough to have one, else {@code null}
 */
public record Rejection(String reasonCode, String reason, String taskId)
        implements RoutingOutcome, EscalationOutcome {

    public Rejection {
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(reason, "reason");
    }
}
