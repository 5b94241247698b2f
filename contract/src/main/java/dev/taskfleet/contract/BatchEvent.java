package dev.taskfleet.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened to a batch as a whole, published on {@code <prefix>.batches} keyed by
 * batch id: it was accepted, its failed tasks were re-run, it was cancelled, or the router placed
 * some of its tasks on tiers. Together with the results topic these events are the whole state of
 * a batch, so any producer replica can rebuild it after a restart, and workers learn of
 * cancellations and budget stops from them.
 *
 * <p>Readers skip types they do not handle: {@link EventCodec#decodeBatchEvent(byte[])} answers
 * empty for a type newer than the reader's build, so adding a type is not a version bump.
 *
 * @param schemaVersion contract version this event was written with
 * @param batchId       the batch
 * @param team          the team that owns the batch
 * @param type          what happened
 * @param occurredAt    when it happened
 * @param taskCount     ACCEPTED: tasks published; RETRIED: tasks re-published; CANCELLED and
 *                      BUDGET_EXCEEDED: 0;
 *                      ROUTED: tasks first placed on a tier (the sum of {@code routed} in {@code tiers})
 * @param run           ACCEPTED: 1; RETRIED: the run number the re-published tasks carry;
 *                      CANCELLED: the newest run at the time, whose unstarted tasks are cancelled;
 *                      BUDGET_EXCEEDED: the newest run at the time, whose unstarted tasks end
 *                      BUDGET_EXCEEDED;
 *                      ROUTED: the run of the tasks counted
 * @param tier          RETRIED on a named tier: that tier; otherwise {@code null}
 * @param tiers         ROUTED: what the router did per tier in one of its transactions (each tier
 *                      it touched, in no particular order); otherwise {@code null}
 * @param priorities    ACCEPTED: the tasks published per {@link Priority} class, by wire name, classes
 *                      without tasks left out, summing to {@code taskCount}; {@code null} when every
 *                      task is standard (as in events written before the field existed) and on
 *                      every other type
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchEvent(
        int schemaVersion,
        String batchId,
        String team,
        Type type,
        Instant occurredAt,
        int taskCount,
        int run,
        String tier,
        Map<String, TierRouting> tiers,
        Map<String, Integer> priorities) {

    public BatchEvent {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(type, "type");
        team = team == null || team.isBlank() ? Task.DEFAULT_TEAM : team;
        run = Math.max(run, 1);
        if (tiers != null) {
            tiers.keySet().forEach(Objects::requireNonNull);
            tiers.values().forEach(Objects::requireNonNull);
            tiers = Collections.unmodifiableMap(new LinkedHashMap<>(tiers));
        }
        if (priorities != null) {
            priorities.keySet().forEach(Objects::requireNonNull);
            for (Integer count : priorities.values()) {
                if (count == null || count < 0) {
                    throw new IllegalArgumentException("a priority class's task count cannot be negative or null: "
                            + priorities);
                }
            }
            priorities = Collections.unmodifiableMap(new LinkedHashMap<>(priorities));
        }
    }

    /** Any type of event without per-class counts: what every event was before {@code priorities} existed. */
    public BatchEvent(int schemaVersion, String batchId, String team, Type type, Instant occurredAt, int taskCount,
            int run, String tier, Map<String, TierRouting> tiers) {
        this(schemaVersion, batchId, team, type, occurredAt, taskCount, run, tier, tiers, null);
    }

    /** An ACCEPTED, RETRIED, CANCELLED or BUDGET_EXCEEDED event, which carries no per-tier routing. */
    public BatchEvent(int schemaVersion, String batchId, String team, Type type, Instant occurredAt, int taskCount,
            int run, String tier) {
        this(schemaVersion, batchId, team, type, occurredAt, taskCount, run, tier, null, null);
    }

    /**
     * An ACCEPTED event for {@code published} tasks, {@code byClass} of them per class. The counts
     * are left off when every task is standard, so a plain batch's event reads as it always did.
     */
    public static BatchEvent accepted(String batchId, String team, Instant occurredAt, int published,
            Map<Priority, Long> byClass) {
        Map<String, Integer> priorities = new LinkedHashMap<>();
        for (Priority priority : Priority.values()) {
            long count = byClass.getOrDefault(priority, 0L);
            if (count > 0) {
                priorities.put(priority.wireName(), Math.toIntExact(count));
            }
        }
        boolean onlyStandard = priorities.keySet().stream().allMatch(Priority.STANDARD.wireName()::equals);
        return new BatchEvent(EventCodec.SCHEMA_VERSION, batchId, team, Type.ACCEPTED, occurredAt, published, 1, null,
                null, onlyStandard ? null : priorities);
    }

    /** A ROUTED event: what one router transaction did with tasks of {@code run} of the batch. */
    public static BatchEvent routed(String batchId, String team, int run, Instant occurredAt,
            Map<String, TierRouting> tiers) {
        long firstPlacements = tiers.values().stream().mapToLong(TierRouting::routed).sum();
        return new BatchEvent(EventCodec.SCHEMA_VERSION, batchId, team, Type.ROUTED, occurredAt,
                Math.toIntExact(firstPlacements), run, null, tiers);
    }

    /** The kinds of batch event. */
    public enum Type {
        ACCEPTED,
        RETRIED,
        CANCELLED,
        /**
         * Written by the router in the transaction that forwarded the tasks it counts, so each
         * placement is counted exactly once by a read_committed reader.
         */
        ROUTED,
        /**
         * Written by a producer once the batch's team has spent its daily or monthly budget while
         * the batch ran: workers end the run's tasks that have not started BUDGET_EXCEEDED, as
         * they end a cancelled run's CANCELLED. Replicas may each write it; a repeat changes nothing.
         */
        BUDGET_EXCEEDED
    }
}
