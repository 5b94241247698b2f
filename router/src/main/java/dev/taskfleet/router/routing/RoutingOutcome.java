package dev.taskfleet.router.routing;

import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.RoutedTaskWriter;
import java.util.Objects;

/** The result of routing one record: a task placed on a tier, or a record set aside. */
public sealed interface RoutingOutcome permits RoutingOutcome.Routed, Rejection {

    /**
     * A valid task and the tier it goes to.
     *
     * @param taskJson the record value the task was decoded from, unchanged: the routed task is
     *                 written around these bytes ({@link RoutedTaskWriter}) instead of encoding the
     *                 task again. Not copied, so nobody may change them.
     */
    record Routed(RoutedTask routedTask, byte[] taskJson) implements RoutingOutcome {

        public Routed {
            Objects.requireNonNull(routedTask, "routedTask");
            Objects.requireNonNull(taskJson, "taskJson");
        }

        /** The routed task as the record value for its tier's topic. */
        public byte[] encoded() {
            return RoutedTaskWriter.write(routedTask, taskJson);
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
