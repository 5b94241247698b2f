package dev.taskfleet.testkit;

import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.RoutingDecision;
import dev.taskfleet.contract.Task;
import java.util.List;

/**
 * Builds {@link RoutedTask}s: by default task {@code task-1} placed on {@code fast} for the first
 * time by a rule named {@code test}. A re-placement after an escalation reads
 * {@code aRoutedTask().task(task).onTier("quality").attempt(2).history(earlierCall)}. Each setter
 * returns a new builder.
 */
public final class RoutedTaskBuilder extends VariantBuilder<RoutedTaskBuilder> {

    private int schemaVersion = EventCodec.SCHEMA_VERSION;
    private Task task;
    private String tier = "fast";
    private int attempt = 1;
    private RoutingDecision routing;
    private List<AttemptRecord> history = List.of();

    private RoutedTaskBuilder() {
    }

    public static RoutedTaskBuilder aRoutedTask() {
        return new RoutedTaskBuilder();
    }

    public RoutedTaskBuilder schemaVersion(int schemaVersion) {
        return with(b -> b.schemaVersion = schemaVersion);
    }

    public RoutedTaskBuilder task(Task task) {
        return with(b -> b.task = task);
    }

    public RoutedTaskBuilder task(TaskBuilder task) {
        return task(task.build());
    }

    public RoutedTaskBuilder onTier(String tier) {
        return with(b -> b.tier = tier);
    }

    /** 1 for the first placement, one more for each escalation. */
    public RoutedTaskBuilder attempt(int attempt) {
        return with(b -> b.attempt = attempt);
    }

    /** The decision behind the placement; by default rule {@code test}, "placed on &lt;tier&gt; by a test". */
    public RoutedTaskBuilder routing(String rule, double score, String reason) {
        return routing(new RoutingDecision(rule, score, reason));
    }

    public RoutedTaskBuilder routing(RoutingDecision routing) {
        return with(b -> b.routing = routing);
    }

    /** Model calls made on earlier placements. */
    public RoutedTaskBuilder history(AttemptRecord... calls) {
        return history(List.of(calls));
    }

    public RoutedTaskBuilder history(List<AttemptRecord> calls) {
        return with(b -> b.history = List.copyOf(calls));
    }

    public RoutedTask build() {
        return new RoutedTask(schemaVersion, task == null ? TaskBuilder.task().id("task-1").build() : task, tier,
                attempt, routing == null ? new RoutingDecision("test", 0, "placed on " + tier + " by a test") : routing,
                history);
    }
}
