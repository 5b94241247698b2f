package dev.taskfleet.router.routing;

import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.contract.TierRouting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the router did with the tasks of one transaction, per batch run and tier: first
 * placements, escalations in and out, refused escalations. Turned into one
 * {@link BatchEvent.Type#ROUTED} event per (batch, run) that the same transaction writes, so a
 * read_committed reader counts every placement exactly once: an aborted transaction's tallies
 * vanish with its placements, and the retry counts them again.
 *
 * <p>One instance per transaction; not thread-safe (the forwarding loop's thread only).
 */
public final class RoutingTallies {

    private static final TierRouting ONE_ROUTED = new TierRouting(1, 0, 0, 0);
    private static final TierRouting ONE_IN = new TierRouting(0, 1, 0, 0);
    private static final TierRouting ONE_OUT = new TierRouting(0, 0, 1, 0);
    private static final TierRouting ONE_REFUSED = new TierRouting(0, 0, 0, 1);

    private record BatchRun(String batchId, int run) {
    }

    private record Tally(String team, Map<String, TierRouting> tiers) {
    }

    // Insertion order, so the events come out in the order their batches were first touched.
    private final Map<BatchRun, Tally> runs = new LinkedHashMap<>();

    /** {@code task} was placed on {@code tier} for the first time in its run. */
    public void routed(Task task, String tier) {
        add(task, tier, ONE_ROUTED);
    }

    /** {@code task} left {@code fromTier} for {@code toTier}. */
    public void escalated(Task task, String fromTier, String toTier) {
        add(task, fromTier, ONE_OUT);
        add(task, toTier, ONE_IN);
    }

    /** An escalation was refused and the router wrote this final FAILED result; counted on its tier. */
    public void refused(TaskResult result) {
        add(result.batchId(), result.run(), result.team(), result.tier(), ONE_REFUSED);
    }

    public boolean isEmpty() {
        return runs.isEmpty();
    }

    /** One ROUTED event per batch run touched, stamped {@code occurredAt}. */
    public List<BatchEvent> events(Instant occurredAt) {
        List<BatchEvent> events = new ArrayList<>(runs.size());
        runs.forEach((key, tally) -> events.add(
                BatchEvent.routed(key.batchId(), tally.team(), key.run(), occurredAt, tally.tiers())));
        return events;
    }

    private void add(Task task, String tier, TierRouting counts) {
        add(task.batchId(), task.run(), task.team(), tier, counts);
    }

    private void add(String batchId, int run, String team, String tier, TierRouting counts) {
        // The validator refuses a task without a batch, so every task counted here has one.
        runs.computeIfAbsent(new BatchRun(batchId, run), k -> new Tally(team, new LinkedHashMap<>()))
                .tiers().merge(tier, counts, TierRouting::plus);
    }
}
