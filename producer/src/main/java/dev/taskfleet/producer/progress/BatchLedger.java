package dev.taskfleet.producer.progress;

import dev.taskfleet.api.BatchPage;
import dev.taskfleet.api.BatchState;
import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.api.RouterQueue;
import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.ProviderBatch;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.ResultSummary;
import dev.taskfleet.producer.team.SpendBudget;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The progress of every batch, fed with batch events and results in the order one reader sees
 * them. Thread-safe: one reader thread applies records while request threads ask questions.
 *
 * <p>Memory: a few counters per batch, and one {@link TaskSlot} per task (its id, run, a status
 * byte, a tier index and a topic position) only while its batch runs. A batch that has finished
 * is {@linkplain BatchProgress sealed}: its slots are dropped, and rebuilt from the results topic
 * through {@link SealedResults} in the rare moments they are needed again (a retry, showing its
 * results). Batches themselves are never evicted: the ledger knows what the results topic holds
 * within its retention. Provider batches in flight are held as counts per taskfleet batch (their
 * requests' tasks are never copied) and dropped when they end.
 *
 * <p>Slots are rebuilt outside the ledger's lock, so a status asked while a sealed batch's results
 * are read back does not wait for the read. Only the one reader thread applies records, so a batch
 * it is reopening cannot change meanwhile.
 */
public final class BatchLedger {

    private static final int MAX_TIERS = 255;
    /** Index 0: results without a tier, and any tier beyond {@link #MAX_TIERS}. */
    private static final String UNKNOWN_TIER = "unknown";

    private final Map<String, BatchProgress> batches = new HashMap<>();
    private final List<String> tierNames = new ArrayList<>();
    private final Map<String, Byte> tierIndex = new HashMap<>();
    private final Comparator<String> tierOrder;
    private final ProviderBatchBook providerBatches = new ProviderBatchBook();
    private final TeamSpend spend = new TeamSpend();
    /** Teams told to {@link #teamWatcher}; guarded by this ledger. */
    private final Set<String> watchedTeams = new HashSet<>();
    private volatile Consumer<String> teamWatcher = team -> { };
    private final SealedResults sealedResults;
    private final boolean sealFinished;
    /** Whether the router reads each team's tasks from the team's own inbox lanes. */
    private final boolean inboxLanes;
    /** Events and results applied (and checkpoints taken over): the router queues below are as of {@link #queuesAsOf}. */
    private long changes;
    private long queuesAsOf = -1;
    private Map<String, Queues> queues = Map.of();

    /**
     * @param tierOrder     the fleet's tiers, cheapest first; per-tier counts are listed in this order
     * @param sealedResults reads a sealed batch's results back
     */
    public BatchLedger(List<String> tierOrder, SealedResults sealedResults) {
        this(tierOrder, sealedResults, false);
    }

    /**
     * @param inboxLanes whether the producers write each team's tasks to its inbox lanes
     *                   ({@code taskfleet.producer.lanes.enabled}): then only a team's own earlier
     *                   batches are ahead of its batch in the router's queue
     */
    public BatchLedger(List<String> tierOrder, SealedResults sealedResults, boolean inboxLanes) {
        this(tierOrder, sealedResults, inboxLanes, true);
    }

    /** With {@code sealFinished} false, a ledger that keeps every slot: the reference sealing is tested against. */
    BatchLedger(List<String> tierOrder, SealedResults sealedResults, boolean inboxLanes, boolean sealFinished) {
        this.sealedResults = sealedResults;
        this.inboxLanes = inboxLanes;
        this.sealFinished = sealFinished;
        List<String> order = List.copyOf(tierOrder);
        Comparator<String> byPosition = Comparator.comparingInt(t -> order.contains(t) ? order.indexOf(t) : order.size());
        this.tierOrder = byPosition.thenComparing(Comparator.naturalOrder());
        tierNames.add(UNKNOWN_TIER);
        tierIndex.put(UNKNOWN_TIER, (byte) 0);
    }

    /** Applies a batch event; called by the one reader thread only. */
    public void apply(BatchEvent event) {
        reopenIfNeeded(event.batchId(), event.run());
        boolean newTeam;
        synchronized (this) {
            changes++;
            BatchProgress batch = batches.computeIfAbsent(event.batchId(), BatchProgress::new);
            batch.apply(event, this::tier);
            sealIfFinished(batch);
            newTeam = event.team() != null && watchedTeams.add(event.team());
        }
        if (newTeam) {
            teamWatcher.accept(event.team());
        }
    }

    /**
     * Tells {@code watcher} of every team with a batch here now and, once each, of every team whose
     * first batch event arrives later (or whose batches a checkpoint brings): per-team gauges are
     * registered there. Called outside the ledger's lock.
     */
    public void watchTeams(Consumer<String> watcher) {
        List<String> known;
        synchronized (this) {
            teamWatcher = watcher;
            batches.values().forEach(batch -> {
                if (batch.team() != null) {
                    watchedTeams.add(batch.team());
                }
            });
            known = List.copyOf(watchedTeams);
        }
        known.forEach(watcher);
    }

    /**
     * Tasks of {@code priority} in the team's running batches that have no final result yet: queued
     * on a tier, or being worked on. What the team has waiting in the fleet in that class, whichever
     * replica accepted it. Results name their task's class; one written before they did counts as
     * standard.
     */
    public synchronized long queuedTasks(String team, Priority priority) {
        return batches.values().stream()
                .filter(batch -> team.equals(batch.team()) && batch.isRunning())
                .mapToLong(batch -> batch.queued(priority))
                .sum();
    }

    /**
     * A record of {@code <prefix>.provider-batches} keyed {@code providerBatchId}: the provider
     * batch as its worker last wrote it, or {@code null} (a tombstone) once it ended.
     */
    public synchronized void applyProviderBatch(String providerBatchId, ProviderBatch providerBatch) {
        providerBatches.apply(providerBatchId, providerBatch);
    }

    /**
     * Counts one result read from {@code partition} at {@code offset}. A summary, not the whole
     * result: nothing here keeps or shows a result's answer (results are shown by reading them
     * again at the positions this ledger holds), so the tracker need not decode it.
     *
     * Called by the one reader thread only.
     *
     * @param readAt stands in for {@code finishedAt} when a result lacks it (the record's timestamp)
     * @return {@code false} when it was dropped as a duplicate of a task run already counted
     */
    public boolean apply(ResultSummary result, int partition, long offset, Instant readAt) {
        if (result.batchId() == null) {
            return true;
        }
        reopenIfNeeded(result.batchId(), result.run());
        synchronized (this) {
            changes++;
            BatchProgress batch = batches.computeIfAbsent(result.batchId(), BatchProgress::new);
            boolean counted = batch.apply(result, tier(result.tier()), partition, offset, readAt);
            if (counted) {
                spend.charge(result.team(), result.finishedAt() != null ? result.finishedAt() : readAt, result.costUsd());
                sealIfFinished(batch);
            }
            return counted;
        }
    }

    private void sealIfFinished(BatchProgress batch) {
        if (sealFinished && batch.sealable()) {
            batch.seal();
        }
    }

    /** A sealed batch about to see a newer run (a retry) takes its slots back first. */
    private void reopenIfNeeded(String batchId, int run) {
        BatchProgress batch;
        Map<Integer, long[]> spans;
        synchronized (this) {
            batch = batches.get(batchId);
            if (batch == null || !batch.needsSlots(run)) {
                return;
            }
            spans = batch.sealedSpans();
        }
        Map<String, TaskSlot> slots = rebuildSlots(batch, spans);
        synchronized (this) {
            batch.unseal(slots);
        }
    }

    /** Tasks whose slot the ledger holds: those of the batches not sealed. */
    public synchronized long taskSlots() {
        long slots = 0;
        for (BatchProgress batch : batches.values()) {
            if (!batch.sealed()) {
                slots += batch.taskCount();
            }
        }
        return slots;
    }

    /** Whether the batch is known and {@linkplain BatchProgress sealed}. */
    public synchronized boolean sealed(String batchId) {
        BatchProgress batch = batches.get(batchId);
        return batch != null && batch.sealed();
    }

    /** Reads a sealed batch's results back and places them as they were counted. */
    private Map<String, TaskSlot> rebuildSlots(BatchProgress batch, Map<Integer, long[]> spans) {
        Map<String, TaskSlot> slots = new HashMap<>();
        String batchId = batch.batchId();
        try {
            sealedResults.read(spans, (result, partition, offset) -> {
                if (batchId.equals(result.batchId())) {
                    BatchProgress.place(slots, result, tierOf(result.tier()), partition, offset);
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SealedResultsUnavailableException(batchId, "interrupted", false, e);
        } catch (Exception e) {
            throw new SealedResultsUnavailableException(batchId, e.getMessage(), false, e);
        }
        int expected;
        synchronized (this) {
            expected = batch.taskCount();
        }
        if (slots.size() != expected) {
            throw new SealedResultsUnavailableException(batchId, "found the results of " + slots.size() + " of its "
                    + expected + " tasks (older results are deleted by the results topic's retention)", true, null);
        }
        return slots;
    }

    private synchronized byte tierOf(String name) {
        return tier(name);
    }

    /** The batch's slots: its own while it runs, rebuilt from the results topic once sealed. */
    private Map<String, TaskSlot> slotsOf(BatchProgress batch) {
        Map<Integer, long[]> spans;
        synchronized (this) {
            if (!batch.sealed()) {
                return batch.slots();
            }
            spans = batch.sealedSpans();
        }
        return rebuildSlots(batch, spans);
    }

    /** What {@code team}'s counted results cost in the UTC day and month of {@code now}. */
    public synchronized TeamSpend.Spent spent(String team, Instant now) {
        return spend.spent(team, now);
    }

    /**
     * The period of {@code budget} that {@code team}'s counted results have used up at {@code now},
     * if any: what admission, retry and the budget guard each ask before letting work run.
     */
    public synchronized Optional<SpendBudget.Exhausted> overBudget(String team, SpendBudget budget, Instant now) {
        TeamSpend.Spent spent = spend.spent(team, now);
        return budget.exhausted(spent.dayUsd(), spent.monthUsd(), now);
    }

    /**
     * The status of an accepted batch. A batch whose ACCEPTED event never came (its upload was cut
     * off by a producer that died, so its client was never told it was accepted) has results but no
     * status: it is not reported as a batch of its team.
     */
    public synchronized Optional<BatchStatus> status(String batchId) {
        BatchProgress batch = batches.get(batchId);
        if (batch == null || !batch.accepted()) {
            return Optional.empty();
        }
        return Optional.of(status(batch, queues()));
    }

    /** The team that owns a batch, if the batch is known. */
    public synchronized Optional<String> teamOf(String batchId) {
        BatchProgress batch = batches.get(batchId);
        return batch == null ? Optional.empty() : Optional.ofNullable(batch.team());
    }

    /** A page of {@code team}'s accepted batches, newest first, starting after {@code after} ({@code null}: from the newest). */
    public synchronized BatchPage page(String team, int limit, BatchCursor after) {
        return page(team, null, limit, after);
    }

    /** As {@link #page(String, int, BatchCursor)}, only batches in {@code state} ({@code null}: any). */
    public synchronized BatchPage page(String team, BatchState state, int limit, BatchCursor after) {
        List<BatchCursor> keys = new ArrayList<>();
        for (Map.Entry<String, BatchProgress> entry : batches.entrySet()) {
            BatchProgress batch = entry.getValue();
            if (batch.accepted() && team.equals(batch.team()) && (state == null || ownStatus(batch).state() == state)) {
                keys.add(new BatchCursor(entry.getValue().sortTime(), entry.getKey()));
            }
        }
        keys.sort(BatchCursor.NEWEST_FIRST);
        int from = 0;
        if (after != null) {
            while (from < keys.size() && BatchCursor.NEWEST_FIRST.compare(keys.get(from), after) <= 0) {
                from++;
            }
        }
        int to = Math.min(keys.size(), from + limit);
        Map<String, Queues> queues = queues();
        List<BatchStatus> page = keys.subList(from, to).stream()
                .map(k -> status(batches.get(k.batchId()), queues))
                .toList();
        return new BatchPage(page, to < keys.size() ? keys.get(to - 1).encode() : null);
    }

    /** The team's accepted batches that are still running (not completed, cancelled or stopped at the budget). */
    public synchronized int inFlight(String team) {
        return (int) batches.values().stream()
                .filter(b -> team.equals(b.team()) && b.isRunning())
                .count();
    }

    /** The teams with an accepted batch. */
    public synchronized Set<String> teams() {
        Set<String> teams = new HashSet<>();
        batches.values().stream().filter(BatchProgress::accepted).forEach(b -> teams.add(b.team()));
        return teams;
    }

    /** The statuses of the accepted batches still running, over all teams. */
    public synchronized List<BatchStatus> running() {
        Map<String, Queues> queues = queues();
        return batches.values().stream().filter(BatchProgress::isRunning).map(batch -> status(batch, queues)).toList();
    }

    /** Accepted batches still running, over all teams. */
    public synchronized int active() {
        return (int) batches.values().stream().filter(BatchProgress::isRunning).count();
    }

    /**
     * Ids of the batch's finished tasks whose newest run failed; reads a sealed batch's results back.
     *
     * @throws SealedResultsUnavailableException when a sealed batch's results cannot be read
     */
    public Set<String> failedTaskIds(String batchId) {
        return askSlots(batchId, Set.of(), BatchProgress::failedTaskIds);
    }

    /**
     * The highest run the batch has any event or result of (0 for an unknown batch); can be above
     * {@link BatchStatus#run()} when a retry published tasks but not its RETRIED event.
     */
    public synchronized int highestRun(String batchId) {
        BatchProgress batch = batches.get(batchId);
        return batch == null ? 0 : batch.highestRun();
    }

    /**
     * Results-topic offsets of the batch's final results by partition, ascending; {@code only}
     * filters by status. Reads a sealed batch's results back.
     *
     * @throws SealedResultsUnavailableException when a sealed batch's results cannot be read
     */
    public Map<Integer, long[]> finalResultOffsets(String batchId, ResultStatus only) {
        return askSlots(batchId, Map.of(), (batch, slots) -> batch.finalResultOffsets(slots, only));
    }

    /** Answers a question about a batch's slots, read back first (outside the lock) if it is sealed. */
    private <T> T askSlots(String batchId, T unknownBatch, BiFunction<BatchProgress, Map<String, TaskSlot>, T> question) {
        BatchProgress batch;
        synchronized (this) {
            batch = batches.get(batchId);
            if (batch == null) {
                return unknownBatch;
            }
        }
        Map<String, TaskSlot> slots = slotsOf(batch);
        synchronized (this) {
            return question.apply(batch, slots);
        }
    }

    /**
     * Drops the sealed batches whose results retention has deleted, every one: those whose span
     * on each results partition ends below that partition's first offset still on the topic. They
     * could answer nothing but their counters, and a ledger carried from checkpoint to checkpoint
     * would otherwise keep every batch the fleet ever ran. Their status then answers as for an
     * unknown batch.
     *
     * @param firstOffsets the first offset still on each results partition
     * @return the number of batches dropped
     */
    public synchronized int dropExpired(Map<Integer, Long> firstOffsets) {
        int before = batches.size();
        batches.values().removeIf(batch -> batch.sealed() && !batch.sealedSpans().isEmpty()
                && batch.sealedSpans().entrySet().stream().allMatch(span ->
                        span.getValue()[1] < firstOffsets.getOrDefault(span.getKey(), 0L)));
        return before - batches.size();
    }

    /**
     * Everything the ledger has learnt from the records applied so far ({@link LedgerSnapshot}),
     * except what waits at a provider. Taken under the lock, so it is one consistent moment: the
     * caller pairs it with the positions the reader had reached.
     */
    public synchronized byte[] snapshot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096 + batches.size() * 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(LedgerSnapshot.MAGIC);
            out.writeInt(LedgerSnapshot.VERSION);
            out.writeInt(tierNames.size());
            for (String name : tierNames) {
                out.writeUTF(name);
            }
            out.writeInt(batches.size());
            for (BatchProgress batch : batches.values()) {
                batch.writeTo(out);
            }
            spend.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Takes over the state of a {@link #snapshot()}, as if this ledger had applied the records the
     * snapshot's ledger had; called before the first record is applied. Nothing changes unless the
     * whole snapshot reads back.
     *
     * @return the number of batches taken over
     * @throws IOException           when the bytes are not a snapshot this build can read
     * @throws IllegalStateException when records were applied already
     */
    public int restore(byte[] snapshot) throws IOException {
        Map<String, BatchProgress> restored;
        List<String> names;
        TeamSpend restoredSpend = new TeamSpend();
        List<String> newTeams = new ArrayList<>();
        Consumer<String> watcher;
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot));
            names = new ArrayList<>();
            restored = readSnapshot(in, names, restoredSpend);
        } catch (RuntimeException e) {
            // Damaged bytes that decode to nonsense (a date out of range, say) are damaged bytes.
            throw new IOException("a ledger snapshot that does not decode: " + e, e);
        }
        synchronized (this) {
            if (!batches.isEmpty() || tierNames.size() > 1) {
                throw new IllegalStateException("a ledger that has applied records cannot take over a snapshot");
            }
            tierNames.clear();
            tierIndex.clear();
            for (String name : names) {
                tierIndex.put(name, (byte) tierNames.size());
                tierNames.add(name);
            }
            batches.putAll(restored);
            changes++;
            spend.takeOver(restoredSpend);
            restored.values().forEach(batch -> {
                if (batch.team() != null && watchedTeams.add(batch.team())) {
                    newTeams.add(batch.team());
                }
            });
            watcher = teamWatcher;
        }
        newTeams.forEach(watcher);
        return restored.size();
    }

    private static Map<String, BatchProgress> readSnapshot(DataInputStream in, List<String> names, TeamSpend spend)
            throws IOException {
        if (in.readInt() != LedgerSnapshot.MAGIC) {
            throw new IOException("not a ledger snapshot");
        }
        int version = in.readInt();
        if (version != LedgerSnapshot.VERSION) {
            throw new IOException("a ledger snapshot of version " + version + "; this build reads version "
                    + LedgerSnapshot.VERSION);
        }
        int tierCount = LedgerSnapshot.readCount(in);
        if (tierCount < 1 || tierCount > MAX_TIERS) {
            throw new IOException("a ledger snapshot with " + tierCount + " tiers");
        }
        for (int i = 0; i < tierCount; i++) {
            names.add(in.readUTF());
        }
        if (!UNKNOWN_TIER.equals(names.get(0))) {
            throw new IOException("a ledger snapshot whose tier 0 is " + names.get(0));
        }
        int batchCount = LedgerSnapshot.readCount(in);
        Map<String, BatchProgress> restored = new HashMap<>(Math.min(1 << 16, Math.max(16, batchCount * 4 / 3 + 1)));
        for (int i = 0; i < batchCount; i++) {
            BatchProgress batch = BatchProgress.readFrom(in);
            batch.checkIndexes(tierCount);
            restored.put(batch.batchId(), batch);
        }
        spend.readFrom(in);
        if (in.available() > 0) {
            throw new IOException(in.available() + " bytes after the end of a ledger snapshot");
        }
        return restored;
    }

    /** What the batch's own records say; no place in any queue, which needs the other batches. */
    private BatchStatus ownStatus(BatchProgress batch) {
        return batch.status(tierNames::get, tierOrder, providerBatches.waitingFor(batch.batchId()));
    }

    private BatchStatus status(BatchProgress batch, Map<String, Queues> queues) {
        Queues places = queues.getOrDefault(batch.batchId(), Queues.NONE);
        return ownStatus(batch).withQueues(places.router(), places.tiers());
    }

    /** A running batch's places: in the router's queue, and per tier in that tier's. */
    private record Queues(RouterQueue router, Map<String, Long> tiers) {

        static final Queues NONE = new Queues(RouterQueue.NONE, Map.of());
    }

    /**
     * Each running batch's places in the queues, from what the running batches accepted before it
     * have not done. In the router's: its tasks the router has not routed, and those of the earlier
     * batches. Per tier: the earlier batches' tasks not finished on the tier, where the batch has
     * some not finished itself. With lanes off there is one queue of each for every team: the
     * router reads one input topic, a worker one topic per tier, each in order. With lanes on each
     * team's tasks are on lanes of their own, read beside the others', so only the team's own
     * earlier batches are ahead (all its classes counted, although each class has a lane: an upper
     * bound). This producer's {@code lanes.enabled} stands for the router's tier lanes too, which the
     * chart switches with it. Batches are ordered by acceptance (then id), which is the order their
     * tasks were written in unless two producers accepted them within the same moment. Worked out
     * again only after a change, as every status asks for it and it reads every running batch.
     */
    private Map<String, Queues> queues() {
        if (queuesAsOf == changes) {
            return queues;
        }
        List<BatchProgress> running = batches.values().stream()
                .filter(BatchProgress::isRunning)
                .sorted(Comparator.comparing(BatchProgress::sortTime).thenComparing(BatchProgress::batchId))
                .toList();
        Map<String, Queues> computed = new HashMap<>();
        // Per queue (one for all, or one per team; per tier for the tiers): the tasks ahead so far.
        Map<String, Long> aheadInRouter = new HashMap<>();
        Map<String, Map<String, Long>> aheadOnTier = new HashMap<>();
        for (BatchProgress batch : running) {
            BatchStatus own = ownStatus(batch);
            String queue = inboxLanes ? String.valueOf(own.team()) : "";
            RouterQueue router = RouterQueue.NONE;
            long notRouted = BatchProgress.notRouted(own.queued(), own.tiers().values());
            if (notRouted > 0) {
                long ahead = aheadInRouter.getOrDefault(queue, 0L);
                router = new RouterQueue(notRouted, ahead);
                aheadInRouter.put(queue, ahead + notRouted);
            }
            Map<String, Long> tiers = new LinkedHashMap<>();
            Map<String, Long> tierQueues = aheadOnTier.computeIfAbsent(queue, q -> new HashMap<>());
            own.tiers().forEach((tier, counts) -> {
                long unfinished = counts.total() - counts.finished();
                if (unfinished > 0) {
                    long ahead = tierQueues.getOrDefault(tier, 0L);
                    tiers.put(tier, ahead);
                    tierQueues.put(tier, ahead + unfinished);
                }
            });
            if (notRouted > 0 || !tiers.isEmpty()) {
                computed.put(batch.batchId(), new Queues(router, tiers));
            }
        }
        queues = computed;
        queuesAsOf = changes;
        return queues;
    }


    private byte tier(String name) {
        Byte index = tierIndex.get(name == null ? UNKNOWN_TIER : name);
        if (index != null) {
            return index;
        }
        if (tierNames.size() >= MAX_TIERS) {
            // Tier names come from the fleet's configuration; this many means something writes garbage.
            return 0;
        }
        byte next = (byte) tierNames.size();
        tierNames.add(name);
        tierIndex.put(name, next);
        return next;
    }
}
