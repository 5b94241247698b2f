package dev.taskfleet.router.routing;

import dev.taskfleet.contract.RoutedTask;
import java.util.Objects;

/** The result of routing one record: a task placed on a tier, or a record set aside. */
public sealed interface RoutingOutcome permits RoutingOutcome.Routed, RoutingOutcome.Rejected {

    /** A valid task and the tier it goes to. */
    record Routed(RoutedTask routedTask) implements RoutingOutcome {

        public Routed {
            Objects.requireNonNull(routedTask, "routedTask");
        }

        public String taskId() {
            return routedTask.task().id();
        }

        public String tier() {
            return routedTask.tier();
        }

        public String rule() {
            return routedTask.routing().rule();
        }
    }

    /**
     * A record that must go to the dead-letter topic.
     *
     * @param reasonCode one of {@link TaskRouting#REASON_CODES}
     * @param reason     what is wrong, for a person; may quote parts of the payload, so it belongs
     *                   in the dead-letter record, not in logs
     * @param taskId     the task's id when the payload decoded far enough to have one, else {@code null}
     */
    record Rejected(String reasonCode, String reason, String taskId) implements RoutingOutcome {

        public Rejected {
            Objects.requireNonNull(reasonCode, "reasonCode");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
