package dev.taskfleet.producer.progress;

import dev.taskfleet.api.BatchState;
import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.api.ProviderWait;
import dev.taskfleet.api.RouterQueue;
import dev.taskfleet.api.TierCounts;
import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.ResultSummary;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * Everything known about one batch. Not thread-safe: {@link BatchLedger} guards it.
 *
 * <p>A task is <em>finished</em> when its newest run has a final result. A retry to run {@code N}
 * re-runs every task whose newest run failed, and is only allowed once every task had finished;
 * so a task whose newest result is FAILED from a run below the batch's newest run is waiting for
 * its re-run. Deciding this from the results and the newest run alone (rather than from the
 * moment a RETRIED event was read) keeps the answer independent of how the batches and results
 * topics interleave while being read, which is what lets every replica agree.
 *
 * <p>Per tier, the router's ROUTED tallies say how many tasks were placed there ({@link TierProgress});
 * a task re-run by a retry leaves the tier of its failed run, so each tier's total counts the
 * newest run of its tasks only.
 *
 * <p><b>Sealing.</b> A finished batch needs its per-task slots for only two questions, which
 * tasks failed (a retry) and where its results sit (showing them), and both are rare for an old
 * batch; everything else is answered from counters. So a finished batch is {@linkplain #seal()
 * sealed}: its slots are dropped and only the first and last offset of its counted results per
 * results partition are kept (its {@linkplain #sealedSpans() spans}). The slots can be rebuilt
 * exactly by reading the spans again and {@linkplain #place placing} the batch's results in
 * offset order, because a task's results are keyed by its id and so all sit in one partition,
 * in the order they were first counted. That keeps a replica's heap proportional to the batches
 * it knows and the tasks still running, not to every task it has ever seen.
 */
final class BatchProgress {

    private static final ResultStatus[] STATUSES = ResultStatus.values();
    private static final byte FAILED = (byte) ResultStatus.FAILED.ordinal();
    private static final byte BUDGET_EXCEEDED = (byte) ResultStatus.BUDGET_EXCEEDED.ordinal();
    private static final Priority[] PRIORITIES = Priority.values();

    private final String batchId;
    private String team;
    private boolean accepted;
    private Instant acceptedAt;
    private long acceptedCount;
    // Per Priority ordinal, the published tasks the ACCEPTED event counted; all 0 until it is read.
    private long[] acceptedByPriority = new long[PRIORITIES.length];
    private int newestRun = 1;
    private int cancelledRun;
    private int budgetStoppedRun;
    private int highestRunSeen;
    // Null once sealed; sealedSpans and sealedTaskCount then stand for it.
    private Map<String, TaskSlot> tasks = new HashMap<>();
    private Map<Integer, long[]> sealedSpans;
    private int sealedTaskCount;
    private final Map<Byte, TierProgress> tiers = new HashMap<>();
    // (run, class, tier, status) -> tasks whose newest counted result has them; tiny, so status() is cheap.
    private final Map<Long, long[]> counts = new HashMap<>();
    private long inputTokens;
    private long outputTokens;
    // Summed as integers so that the total does not depend on the order results were read in.
    private long costNanoUsd;
    private Instant firstResultAt;
    private Instant lastResultAt;
    private long duplicatesDropped;

    BatchProgress(String batchId) {
        this.batchId = batchId;
    }

    String batchId() {
        return batchId;
    }

    String team() {
        return team;
    }

    boolean accepted() {
        return accepted;
    }

    /** When the batch sorts in its team's list: acceptance, else its first result. */
    Instant sortTime() {
        if (acceptedAt != null) {
            return acceptedAt;
        }
        return firstResultAt != null ? firstResultAt : Instant.EPOCH;
    }

    /** @param tierIndex the ledger's index of a tier name */
    void apply(BatchEvent event, ToIntFunction<String> tierIndex) {
        switch (event.type()) {
            case ACCEPTED -> {
                accepted = true;
                team = event.team();
                acceptedAt = acceptedAt == null || event.occurredAt().isBefore(acceptedAt) ? event.occurredAt() : acceptedAt;
                // The classes go with the count that wins, so a repeated event changes neither.
                if (event.taskCount() >= acceptedCount) {
                    acceptedByPriority = byPriority(event);
                }
                acceptedCount = Math.max(acceptedCount, event.taskCount());
            }
            case RETRIED -> newestRun = Math.max(newestRun, event.run());
            case CANCELLED -> cancelledRun = Math.max(cancelledRun, event.run());
            case BUDGET_EXCEEDED -> budgetStoppedRun = Math.max(budgetStoppedRun, event.run());
            case ROUTED -> {
                if (team == null) {
                    team = event.team();
                }
                highestRunSeen = Math.max(highestRunSeen, event.run());
                if (event.tiers() != null) {
                    event.tiers().forEach((name, counts) -> tier(tierIndex.applyAsInt(name)).add(counts));
                }
            }
            default -> throw new IllegalArgumentException("unknown batch event type " + event.type());
        }
    }

    /**
     * An ACCEPTED event's tasks per class: without counts (every task standard, or an event older
     * than them) all its tasks are standard; a class this build does not know counts as standard,
     * as a task of that class runs as one.
     */
    private static long[] byPriority(BatchEvent accepted) {
        long[] counts = new long[PRIORITIES.length];
        if (accepted.priorities() == null) {
            counts[Priority.STANDARD.ordinal()] = accepted.taskCount();
        } else {
            accepted.priorities().forEach((name, count) -> counts[Priority.fromWire(name).ordinal()] += count);
        }
        return counts;
    }

    /**
     * Counts a result unless it repeats a task run already counted (the contract's first-wins
     * rule; a late copy of an older run is a repeat too).
     *
     * @return {@code false} for a dropped duplicate
     */
    boolean apply(ResultSummary result, byte tier, int partition, long offset, Instant readAt) {
        if (team == null) {
            team = result.team();
        }
        if (tasks == null) {
            if (needsSlots(result.run())) {
                throw new IllegalStateException("batch " + batchId + " is sealed; unseal it before counting run "
                        + result.run());
            }
            // Every task has the final result of its newest run and no later run has begun, so
            // this repeats a counted run (a redelivered copy, or one of a task's earlier runs).
            duplicatesDropped++;
            return false;
        }
        highestRunSeen = Math.max(highestRunSeen, result.run());
        TaskSlot replaced = tasks.get(result.taskId());
        int replacedRun = replaced == null ? 0 : replaced.run;
        byte replacedTier = replaced == null ? 0 : replaced.tier;
        byte replacedStatus = replaced == null ? 0 : replaced.status;
        byte replacedPriority = replaced == null ? 0 : replaced.priority;
        if (!place(tasks, result, tier, partition, offset)) {
            duplicatesDropped++;
            return false;
        }
        if (replaced != null) {
            counts.get(key(replacedRun, replacedPriority, replacedTier, replacedStatus))[0]--;
            tier(replacedTier).replacedByRerun();
        }
        byte status = (byte) result.status().ordinal();
        byte priority = (byte) result.priority().ordinal();
        counts.computeIfAbsent(key(result.run(), priority, tier, status), k -> new long[1])[0]++;
        inputTokens += result.inputTokens();
        outputTokens += result.outputTokens();
        costNanoUsd += Math.round(result.costUsd() * 1e9);
        Instant at = result.finishedAt() != null ? result.finishedAt() : readAt;
        tier(tier).finishedAt(at);
        firstResultAt = firstResultAt == null || at.isBefore(firstResultAt) ? at : firstResultAt;
        lastResultAt = lastResultAt == null || at.isAfter(lastResultAt) ? at : lastResultAt;
        return true;
    }

    /**
     * The first-wins rule on one task's slot: records {@code result} unless its task already has a
     * result of the same or a later run. The whole of what a counted result leaves per task, so
     * that replaying a sealed batch's results through it rebuilds its slots exactly.
     *
     * @return {@code false} when the result repeats a counted run
     */
    static boolean place(Map<String, TaskSlot> slots, ResultSummary result, byte tier, int partition, long offset) {
        TaskSlot slot = slots.get(result.taskId());
        if (slot != null && result.run() <= slot.run) {
            return false;
        }
        if (slot == null) {
            slot = new TaskSlot();
            slots.put(result.taskId(), slot);
        }
        slot.set(result.run(), (byte) result.status().ordinal(), tier, (byte) result.priority().ordinal(), partition,
                offset);
        return true;
    }

    /**
     * Whether the batch has finished for good as far as anyone can tell: accepted, every task with
     * the final result of its newest run, and no trace of a later run.
     */
    boolean sealable() {
        return tasks != null && accepted && highestRun() <= newestRun && unfinished() == 0;
    }

    boolean sealed() {
        return tasks == null;
    }

    /** Drops the per-task slots of a {@linkplain #sealable() finished} batch, keeping where its results sit. */
    void seal() {
        Map<Integer, long[]> spans = new TreeMap<>();
        for (TaskSlot slot : tasks.values()) {
            long[] span = spans.computeIfAbsent(slot.partition, p -> new long[] {slot.offset, slot.offset});
            span[0] = Math.min(span[0], slot.offset);
            span[1] = Math.max(span[1], slot.offset);
        }
        sealedSpans = spans;
        sealedTaskCount = tasks.size();
        tasks = null;
    }

    /**
     * Per results partition, the first and last offset of the sealed batch's counted results; its
     * results and their repeats are all within (a repeat of a counted result comes after it).
     */
    Map<Integer, long[]> sealedSpans() {
        return sealedSpans;
    }

    /**
     * Whether applying something of {@code run} needs the sealed batch's slots back: a run above
     * its newest is a retry, whose results replace failed tasks' slots.
     */
    boolean needsSlots(int run) {
        return tasks == null && run > newestRun;
    }

    /** Takes back the slots rebuilt from the sealed spans ({@link #place}), so the batch can count a new run. */
    void unseal(Map<String, TaskSlot> slots) {
        if (slots.size() != sealedTaskCount) {
            throw new IllegalStateException("batch " + batchId + " was sealed with " + sealedTaskCount
                    + " tasks but its results hold " + slots.size() + " (results deleted by retention?)");
        }
        tasks = slots;
        sealedSpans = null;
        sealedTaskCount = 0;
    }

    /** Tasks with a counted result. */
    int taskCount() {
        return tasks != null ? tasks.size() : sealedTaskCount;
    }

    /** Tasks without the final result of their newest run. */
    private long unfinished() {
        long finished = 0;
        for (Map.Entry<Long, long[]> entry : counts.entrySet()) {
            long key = entry.getKey();
            if (!waitingForRerun(runOf(key), (byte) (key & 0xFF))) {
                finished += entry.getValue()[0];
            }
        }
        return Math.max(acceptedCount, taskCount()) - finished;
    }

    /** Tasks without the final result of their newest run, never below zero. */
    long queued() {
        return Math.max(0, unfinished());
    }

    /**
     * Of {@code priority}'s tasks, those without the final result of their newest run: the class's
     * accepted tasks less its finished ones, never below zero (a result written before results
     * carried the class counts as standard, so an older batch's other classes may read high).
     */
    long queued(Priority priority) {
        long finished = 0;
        for (Map.Entry<Long, long[]> entry : counts.entrySet()) {
            long key = entry.getKey();
            if (priorityOf(key) == priority.ordinal() && !waitingForRerun(runOf(key), (byte) (key & 0xFF))) {
                finished += entry.getValue()[0];
            }
        }
        return Math.max(0, acceptedByPriority[priority.ordinal()] - finished);
    }

    /**
     * Whether the batch is accepted and still RUNNING, as its {@link #status} would say, without
     * building the status: the in-flight limit, the active-batches gauge and the budget guard ask
     * this of every batch the ledger holds.
     */
    boolean isRunning() {
        return accepted && state(unfinished()) == BatchState.RUNNING;
    }

    BatchStatus status(IntFunction<String> tierName, Comparator<String> tierOrder, ProviderWait waiting) {
        long[] byStatus = new long[STATUSES.length];
        Map<Byte, long[]> byTier = new HashMap<>();
        Map<Byte, long[]> waitingByTier = new HashMap<>();
        for (Map.Entry<Long, long[]> entry : counts.entrySet()) {
            long key = entry.getKey();
            long n = entry.getValue()[0];
            byte status = (byte) (key & 0xFF);
            byte tier = (byte) ((key >> 8) & 0xFF);
            if (n == 0) {
                continue;
            }
            if (waitingForRerun(runOf(key), status)) {
                waitingByTier.computeIfAbsent(tier, t -> new long[1])[0] += n;
                continue;
            }
            byTier.computeIfAbsent(tier, t -> new long[STATUSES.length])[status] += n;
            byStatus[status] += n;
        }
        long finished = Arrays.stream(byStatus).sum();
        long total = Math.max(acceptedCount, taskCount());
        long queued = total - finished;
        // Until its acceptance is read, a batch's task count is unknown: it may have work left.
        boolean workLeft = queued > 0 || !accepted;
        // Every tier with a counted result or a tally has its TierProgress.
        Map<String, TierCounts> perTier = new TreeMap<>(tierOrder);
        tiers.forEach((tier, progress) -> perTier.put(tierName.apply(tier & 0xFF), progress.counts(
                byTier.getOrDefault(tier, new long[STATUSES.length]),
                waitingByTier.getOrDefault(tier, new long[1])[0], workLeft)));
        double throughput = Rates.perSecond(finished, firstResultAt, lastResultAt);
        long budgetExceeded = byStatus[BUDGET_EXCEEDED];
        return new BatchStatus(batchId, team, state(queued), acceptedAt, newestRun, total, finished,
                queued, byStatus[ResultStatus.SUCCEEDED.ordinal()], byStatus[ResultStatus.FAILED.ordinal()],
                byStatus[ResultStatus.CANCELLED.ordinal()] + budgetExceeded, budgetExceeded, perTier, inputTokens, outputTokens, costNanoUsd / 1e9,
                firstResultAt, lastResultAt, throughput, eta(queued, perTier.values(), throughput), duplicatesDropped,
                waiting, priorities(), RouterQueue.NONE, Map.of());
    }

    /** The accepted tasks per class by wire name, highest class first, classes without tasks left out. */
    private Map<String, Long> priorities() {
        Map<String, Long> byName = new LinkedHashMap<>();
        for (Priority priority : PRIORITIES) {
            if (acceptedByPriority[priority.ordinal()] > 0) {
                byName.put(priority.wireName(), acceptedByPriority[priority.ordinal()]);
            }
        }
        return byName;
    }

    /**
     * The slowest tier's ETA. Tasks queued on no tier yet (not routed, or routed by a router that
     * writes no tallies) are estimated at the whole batch's pace.
     */
    private static Long eta(long queued, Collection<TierCounts> tiers, double throughput) {
        if (queued <= 0) {
            return 0L;
        }
        List<Long> etas = new ArrayList<>();
        for (TierCounts tier : tiers) {
            if (tier.total() > tier.finished()) {
                etas.add(tier.etaSeconds());
            }
        }
        if (notRouted(queued, tiers) > 0) {
            etas.add(Rates.etaSeconds(queued, throughput));
        }
        return etas.contains(null) ? null : Collections.max(etas);
    }

    /**
     * Of {@code queued} tasks, those no tier holds by the router's tallies: not routed yet, or routed
     * by a router that writes no tallies.
     */
    static long notRouted(long queued, Collection<TierCounts> tiers) {
        long onTiers = 0;
        for (TierCounts tier : tiers) {
            onTiers += Math.max(0, tier.total() - tier.finished());
        }
        return Math.max(0, queued - onTiers);
    }

    /**
     * The highest run this batch has any trace of: its events, or a result or placement of a run
     * whose RETRIED event was never written (a retry that failed after publishing some tasks).
     */
    int highestRun() {
        return Math.max(Math.max(newestRun, Math.max(cancelledRun, budgetStoppedRun)), highestRunSeen);
    }

    /**
     * Ids of the finished tasks whose newest run failed, or never ran because the team's budget
     * stopped it: what a retry re-runs. {@code slots}: the batch's own ({@link #slots()}), or, sealed,
     * rebuilt from its spans.
     */
    Set<String> failedTaskIds(Map<String, TaskSlot> slots) {
        Set<String> ids = new HashSet<>();
        slots.forEach((id, slot) -> {
            if (rerunnable(slot.status) && !waitingForRerun(slot.run, slot.status)) {
                ids.add(id);
            }
        });
        return ids;
    }

    /**
     * Where the final result of each finished task sits, by partition, offsets ascending;
     * {@code only} narrows it to one status ({@code null} for all); {@code slots} as for
     * {@link #failedTaskIds}.
     */
    Map<Integer, long[]> finalResultOffsets(Map<String, TaskSlot> slots, ResultStatus only) {
        Map<Integer, List<Long>> byPartition = new TreeMap<>();
        for (TaskSlot slot : slots.values()) {
            if (waitingForRerun(slot.run, slot.status) || (only != null && slot.status != only.ordinal())) {
                continue;
            }
            byPartition.computeIfAbsent(slot.partition, p -> new ArrayList<>()).add(slot.offset);
        }
        Map<Integer, long[]> offsets = new TreeMap<>();
        byPartition.forEach((partition, list) ->
                offsets.put(partition, list.stream().mapToLong(Long::longValue).sorted().toArray()));
        return offsets;
    }

    /** The per-task slots, {@code null} once sealed. */
    Map<String, TaskSlot> slots() {
        return tasks;
    }

    private boolean waitingForRerun(int run, byte status) {
        return rerunnable(status) && run < newestRun;
    }

    private static boolean rerunnable(byte status) {
        return status == FAILED || status == BUDGET_EXCEEDED;
    }

    /**
     * A stop of the newest run, by a user or at the team's budget, names the state for good (until a
     * retry starts a newer run), whatever finishes after it: a state that changed again after the
     * progress stream said "done" would contradict what clients were told. The producer only stops
     * a batch it sees running, so a stopped batch had work left when the stop was written.
     */
    private BatchState state(long queued) {
        if (cancelledRun > 0 && cancelledRun >= newestRun) {
            return BatchState.CANCELLED;
        }
        if (budgetStoppedRun > 0 && budgetStoppedRun >= newestRun) {
            return BatchState.BUDGET_EXCEEDED;
        }
        return accepted && queued == 0 ? BatchState.COMPLETED : BatchState.RUNNING;
    }

    private TierProgress tier(int index) {
        return tiers.computeIfAbsent((byte) index, t -> new TierProgress());
    }

    /**
     * Writes everything this batch knows, for a {@linkplain LedgerSnapshot snapshot}; tiers as the
     * ledger's indexes, which the snapshot keeps with their names.
     */
    void writeTo(DataOutput out) throws IOException {
        out.writeUTF(batchId);
        LedgerSnapshot.writeNullableString(out, team);
        out.writeBoolean(accepted);
        LedgerSnapshot.writeInstant(out, acceptedAt);
        out.writeLong(acceptedCount);
        // By wire name, not ordinal, so the bytes do not depend on the order of the classes.
        out.writeInt(PRIORITIES.length);
        for (Priority priority : PRIORITIES) {
            out.writeUTF(priority.wireName());
            out.writeLong(acceptedByPriority[priority.ordinal()]);
        }
        out.writeInt(newestRun);
        out.writeInt(cancelledRun);
        out.writeInt(budgetStoppedRun);
        out.writeInt(highestRunSeen);
        out.writeBoolean(tasks != null);
        if (tasks != null) {
            out.writeInt(tasks.size());
            for (Map.Entry<String, TaskSlot> entry : tasks.entrySet()) {
                TaskSlot slot = entry.getValue();
                out.writeUTF(entry.getKey());
                out.writeInt(slot.run);
                out.writeByte(slot.status);
                out.writeByte(slot.tier);
                out.writeByte(slot.priority);
                out.writeInt(slot.partition);
                out.writeLong(slot.offset);
            }
        } else {
            out.writeInt(sealedTaskCount);
            out.writeInt(sealedSpans.size());
            for (Map.Entry<Integer, long[]> span : sealedSpans.entrySet()) {
                out.writeInt(span.getKey());
                out.writeLong(span.getValue()[0]);
                out.writeLong(span.getValue()[1]);
            }
        }
        out.writeInt(tiers.size());
        for (Map.Entry<Byte, TierProgress> tier : tiers.entrySet()) {
            out.writeByte(tier.getKey());
            tier.getValue().writeTo(out);
        }
        out.writeInt(counts.size());
        for (Map.Entry<Long, long[]> count : counts.entrySet()) {
            out.writeLong(count.getKey());
            out.writeLong(count.getValue()[0]);
        }
        out.writeLong(inputTokens);
        out.writeLong(outputTokens);
        out.writeLong(costNanoUsd);
        LedgerSnapshot.writeInstant(out, firstResultAt);
        LedgerSnapshot.writeInstant(out, lastResultAt);
        out.writeLong(duplicatesDropped);
    }

    /** Reads back what {@link #writeTo} wrote. */
    static BatchProgress readFrom(DataInput in) throws IOException {
        BatchProgress batch = new BatchProgress(in.readUTF());
        batch.team = LedgerSnapshot.readNullableString(in);
        batch.accepted = in.readBoolean();
        batch.acceptedAt = LedgerSnapshot.readInstant(in);
        batch.acceptedCount = in.readLong();
        int classes = LedgerSnapshot.readCount(in);
        for (int i = 0; i < classes; i++) {
            String name = in.readUTF();
            long count = in.readLong();
            if (count < 0) {
                throw new IOException("batch " + batch.batchId + " has " + count + " tasks of priority " + name);
            }
            batch.acceptedByPriority[Priority.fromWire(name).ordinal()] += count;
        }
        batch.newestRun = in.readInt();
        batch.cancelledRun = in.readInt();
        batch.budgetStoppedRun = in.readInt();
        batch.highestRunSeen = in.readInt();
        if (in.readBoolean()) {
            int size = LedgerSnapshot.readCount(in);
            // Not sized from the count alone: damaged bytes must fail reading, not allocate gigabytes first.
            Map<String, TaskSlot> slots = new HashMap<>(Math.min(1 << 16, Math.max(16, size * 4 / 3 + 1)));
            for (int i = 0; i < size; i++) {
                String taskId = in.readUTF();
                TaskSlot slot = new TaskSlot();
                slot.set(in.readInt(), in.readByte(), in.readByte(), in.readByte(), in.readInt(), in.readLong());
                slots.put(taskId, slot);
            }
            batch.tasks = slots;
        } else {
            batch.tasks = null;
            batch.sealedTaskCount = in.readInt();
            int spans = LedgerSnapshot.readCount(in);
            batch.sealedSpans = new TreeMap<>();
            for (int i = 0; i < spans; i++) {
                batch.sealedSpans.put(in.readInt(), new long[] {in.readLong(), in.readLong()});
            }
        }
        int tierCount = LedgerSnapshot.readCount(in);
        for (int i = 0; i < tierCount; i++) {
            batch.tiers.put(in.readByte(), TierProgress.readFrom(in));
        }
        int countEntries = LedgerSnapshot.readCount(in);
        for (int i = 0; i < countEntries; i++) {
            batch.counts.put(in.readLong(), new long[] {in.readLong()});
        }
        batch.inputTokens = in.readLong();
        batch.outputTokens = in.readLong();
        batch.costNanoUsd = in.readLong();
        batch.firstResultAt = LedgerSnapshot.readInstant(in);
        batch.lastResultAt = LedgerSnapshot.readInstant(in);
        batch.duplicatesDropped = in.readLong();
        return batch;
    }

    /**
     * Refuses a batch read from a snapshot that names a tier the snapshot does not list, a status
     * this build does not know, or a negative position: damaged bytes would otherwise fail later,
     * in a request.
     */
    void checkIndexes(int tierCount) throws IOException {
        for (byte tier : tiers.keySet()) {
            checkTier(tier, tierCount);
        }
        for (long key : counts.keySet()) {
            checkTier((byte) ((key >> 8) & 0xFF), tierCount);
            checkStatus((byte) (key & 0xFF));
            checkPriority(priorityOf(key));
        }
        if (tasks != null) {
            for (TaskSlot slot : tasks.values()) {
                checkTier(slot.tier, tierCount);
                checkStatus(slot.status);
                checkPriority(slot.priority);
                if (slot.partition < 0 || slot.offset < 0) {
                    throw new IOException("batch " + batchId + " has a task at " + slot.partition + "@" + slot.offset);
                }
            }
        } else {
            for (Map.Entry<Integer, long[]> span : sealedSpans.entrySet()) {
                if (span.getKey() < 0 || span.getValue()[0] < 0 || span.getValue()[1] < span.getValue()[0]) {
                    throw new IOException("batch " + batchId + " has a span " + span.getKey() + "@"
                            + Arrays.toString(span.getValue()));
                }
            }
        }
    }

    private void checkTier(byte tier, int tierCount) throws IOException {
        if ((tier & 0xFF) >= tierCount) {
            throw new IOException("batch " + batchId + " names tier " + (tier & 0xFF) + " of " + tierCount);
        }
    }

    private void checkStatus(byte status) throws IOException {
        if (status < 0 || status >= STATUSES.length) {
            throw new IOException("batch " + batchId + " has status " + status);
        }
    }

    private void checkPriority(int priority) throws IOException {
        if (priority < 0 || priority >= PRIORITIES.length) {
            throw new IOException("batch " + batchId + " has priority class " + priority);
        }
    }

    private static long key(int run, byte priority, byte tier, byte status) {
        return ((long) run << 24) | ((priority & 0xFFL) << 16) | ((tier & 0xFFL) << 8) | (status & 0xFFL);
    }

    private static int runOf(long key) {
        return (int) (key >>> 24);
    }

    private static int priorityOf(long key) {
        return (int) ((key >>> 16) & 0xFF);
    }
}
