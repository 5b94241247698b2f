package dev.taskfleet.contract;

import java.util.Objects;

/**
 * A task the router has placed on a tier, published on {@code <prefix>.tasks.<tier>}.
 *
 * @param schemaVersion contract version this event was written with
 * @param task          the task as submitted
 * @param tier          the tier that must run it
 * @param attempt       1 for the first placement; higher when the task is placed again
 * @param routing       the decision and its reason
 */
public record RoutedTask(int schemaVersion, Task task, String tier, int attempt, RoutingDecision routing) {

    public RoutedTask {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(routing, "routing");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
    }
}
