package dev.taskfleet.testkit;

import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TierRouting;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds {@link BatchEvent}s: by default batch {@code batch-test} of the default team ACCEPTED
 * with one task. {@link #cancelled()}, {@link #retried(int, int)} and {@link #routed(String, TierRouting)}
 * set the fields those events carry. Each setter returns a new builder.
 */
public final class BatchEventBuilder extends VariantBuilder<BatchEventBuilder> {

    private int schemaVersion = EventCodec.SCHEMA_VERSION;
    private String batchId = "batch-test";
    private String team = Task.DEFAULT_TEAM;
    private BatchEvent.Type type = BatchEvent.Type.ACCEPTED;
    private Instant occurredAt = Instant.parse("2026-01-01T00:00:00Z");
    private int taskCount = 1;
    private int run = 1;
    private String tier;
    private Map<String, TierRouting> tiers;
    private Map<String, Integer> priorities;

    private BatchEventBuilder() {
    }

    public static BatchEventBuilder aBatchEvent() {
        return new BatchEventBuilder();
    }

    public BatchEventBuilder schemaVersion(int schemaVersion) {
        return with(b -> b.schemaVersion = schemaVersion);
    }

    public BatchEventBuilder batch(String batchId) {
        return with(b -> b.batchId = batchId);
    }

    public BatchEventBuilder team(String team) {
        return with(b -> b.team = team);
    }

    public BatchEventBuilder type(BatchEvent.Type type) {
        return with(b -> b.type = type);
    }

    /** ACCEPTED, run 1, with {@code taskCount} tasks published. */
    public BatchEventBuilder accepted(int taskCount) {
        return with(b -> {
            b.type = BatchEvent.Type.ACCEPTED;
            b.taskCount = taskCount;
            b.run = 1;
        });
    }

    /** RETRIED: {@code taskCount} tasks re-published as run {@code run}. */
    public BatchEventBuilder retried(int run, int taskCount) {
        return with(b -> {
            b.type = BatchEvent.Type.RETRIED;
            b.run = run;
            b.taskCount = taskCount;
        });
    }

    /** CANCELLED, which counts no tasks; the run is the newest one at the time. */
    public BatchEventBuilder cancelled() {
        return with(b -> {
            b.type = BatchEvent.Type.CANCELLED;
            b.taskCount = 0;
        });
    }

    /**
     * ROUTED, adding {@code counts} for {@code tier} (call once per tier); the task count is the
     * sum of the tiers' first placements, as the router writes it.
     */
    public BatchEventBuilder routed(String tier, TierRouting counts) {
        return with(b -> {
            b.type = BatchEvent.Type.ROUTED;
            b.tiers = b.tiers == null ? new LinkedHashMap<>() : new LinkedHashMap<>(b.tiers);
            b.tiers.put(tier, counts);
            b.taskCount = (int) b.tiers.values().stream().mapToLong(TierRouting::routed).sum();
        });
    }

    public BatchEventBuilder occurredAt(Instant occurredAt) {
        return with(b -> b.occurredAt = occurredAt);
    }

    public BatchEventBuilder taskCount(int taskCount) {
        return with(b -> b.taskCount = taskCount);
    }

    public BatchEventBuilder run(int run) {
        return with(b -> b.run = run);
    }

    /** The tier a RETRIED batch was re-run on. */
    public BatchEventBuilder tier(String tier) {
        return with(b -> b.tier = tier);
    }

    /** An ACCEPTED batch's tasks per priority class, by wire name ({@code null}: every task standard). */
    public BatchEventBuilder priorities(Map<String, Integer> priorities) {
        return with(b -> b.priorities = priorities);
    }

    public BatchEvent build() {
        return new BatchEvent(schemaVersion, batchId, team, type, occurredAt, taskCount, run, tier, tiers, priorities);
    }
}
