package dev.taskfleet.router.routing;

import dev.taskfleet.contract.RoutedTask;
import java.util.Objects;

/** The result of routing one record: a task placed on a tier, or a record set aside. */
public sealed interface RoutingOutcome permits RoutingOutcome.Routed, Rejection {

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
}
