package dev.taskfleet.contract;

import java.util.List;
import java.util.Objects;

/**
 * A task the router has placed on a tier, published on {@code <prefix>.tasks.<tier>}.
 *
 * @param schemaVersion contract version this event was written with
 * @param task          the task as submitted
 * @param tier          the tier that must run it
 * @param attempt       1 for the first placement; each escalation places the task again with
 *                      the next number
 * @param routing       the decision and its reason
 * @param history       the model calls made for this task on earlier placements, oldest first
 *                      (empty on a first placement, never {@code null})
 */
public record RoutedTask(int schemaVersion, Task task, String tier, int attempt, RoutingDecision routing,
        List<AttemptRecord> history) {

    public RoutedTask {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(routing, "routing");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** A first placement: no earlier calls. */
    public static RoutedTask firstPlacement(Task task, String tier, RoutingDecision routing) {
        return new RoutedTask(EventCodec.SCHEMA_VERSION, task, tier, 1, routing, List.of());
    }
}
