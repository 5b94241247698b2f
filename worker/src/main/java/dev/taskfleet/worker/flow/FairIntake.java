package dev.taskfleet.worker.flow;

import dev.taskfleet.contract.Priority;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Between reading tasks and running them: what has been read waits in a {@link FairQueue} and is
 * started, in fair order between teams, their priority classes and their batches, whenever the
 * {@link InFlightLimiter} has a permit free.
 *
 * <p><b>Bounded.</b> Each assigned partition may have its share of {@code maxWaiting} tasks waiting
 * here ({@code maxWaiting} divided by the partitions assigned), or {@code readAhead} if that is
 * more; at that many the partition is paused at the consumer ({@link Pauser}) until a quarter of
 * them have started. Once {@code maxWaiting} tasks wait in all, every partition with a task waiting
 * is paused until half of those have started; a partition with none stays open, so the first tasks
 * of a team that has nothing here yet (a new lane, a small batch) are read at the next poll instead
 * of waiting for the consumer to work through what it fetched of the busy partitions first; its
 * first waiting task pauses it.
 *
 * <p><b>Counted when polled.</b> Records reach {@link #offer} some time after the consumer polled
 * them (the connector queues them and hands them over on another thread), and the consumer keeps
 * polling meanwhile. So the consumer reports what each poll returned ({@link #polled}), on its own
 * thread before the next poll, and those records count towards their partition's share and the
 * total as if they waited here already: the pause lands before the next poll, and what waits
 * exceeds the bounds by at most one poll. Counting only what was offered let up to 7,226 tasks
 * wait at {@code maxWaiting} 1,000 and 1,000 starts a second; counting polls, 1,065 (docs/BENCHMARKS.md).
 *
 * <p>With each team's tasks on partitions of their own (lanes), a team
 * with a deep backlog fills only its own partitions' share, so another team's partitions keep
 * delivering and its tasks start in their fair turn instead of behind everything already read.
 * The share grows as partitions leave: one pod reading six partitions at 1,000 calls in flight
 * may keep about 125 to 166 tasks of each waiting, where a fixed 16 gave the six 96 between them.
 *
 * <p><b>Ageing.</b> A task that has waited {@code maxWait} starts before anything else (oldest
 * first), whatever the shares say: so no weight, class or backlog can hold a task here for longer
 * than that plus the time the tasks ahead of it take to get permits (see {@code TaskAgeCheck},
 * which bounds a record's age at start-up).
 *
 * <p><b>Pausing follows the wanted state.</b> The decision to pause or resume is taken here (the
 * counts and the pause decisions are {@link IntakeBounds}'); the pauser applies, on the consumer's
 * thread and for partitions still assigned, whatever {@link #pauseWanted} says when it runs, so a command that arrives late (after a rebalance took
 * the partition away and gave it back) cannot leave a partition paused with nothing waiting.
 *
 * <p>Waiting work is never acknowledged: on shutdown it stays unread as far as the commit is
 * concerned, and {@link #dropPartitions} forgets the work of partitions a rebalance took away, which
 * the new owner reads again from the committed offset.
 *
 * <p>Thread-safe: work is offered on the consumer's thread and started on whichever thread releases
 * a permit; starting never happens under the lock, and never recursively (a task that completes at
 * once cannot nest a second start in the first).
 */
public final class FairIntake {

    /** Where a piece of work was read: a topic's partition. */
    public record Source(String topic, int partition) {
    }

    /**
     * Applies the intake's wanted pause state at the consumer. Called under the intake's lock, so it
     * must not block and must not throw: it hands the work to the consumer's thread, which asks
     * {@link FairIntake#pauseWanted} for each partition it touches.
     */
    public interface Pauser {

        /** Brings {@code source} to its wanted state, if the consumer still has it. */
        void sync(Source source);

        /** Brings every partition the consumer has to its wanted state. */
        void syncAll();
    }

    /** The intake's bounds. */
    public record Bounds(int readAhead, int maxWaiting, Duration maxWait) {

        public Bounds {
            if (readAhead < 1) {
                throw new IllegalArgumentException("the read-ahead per partition must be at least 1, was " + readAhead);
            }
            if (maxWaiting < 1) {
                throw new IllegalArgumentException("the most tasks waiting must be at least 1, was " + maxWaiting);
            }
            if (maxWait.isNegative()) {
                throw new IllegalArgumentException("the longest wait must not be negative, was " + maxWait);
            }
        }
    }

    private static final class Entry {

        final Source source;
        final Supplier<? extends CompletionStage<Void>> work;
        final long enqueuedAt;
        /** Started or dropped: only {@link #arrivals} may still hold it. Guarded by the intake. */
        boolean gone;

        Entry(Source source, Supplier<? extends CompletionStage<Void>> work, long enqueuedAt) {
            this.source = source;
            this.work = work;
            this.enqueuedAt = enqueuedAt;
        }
    }

    private final InFlightLimiter limiter;
    private final long maxWaitNanos;
    private final LongSupplier nanoClock;
    private final FairQueue<Entry> queue;
    /** Every waiting entry in arrival order (and started or dropped ones not yet at its head). */
    private final ArrayDeque<Entry> arrivals = new ArrayDeque<>();
    /** What each partition holds here, and so which must be paused. */
    private final IntakeBounds held;
    private final AtomicInteger startRequests = new AtomicInteger();

    /**
     * @param weights   a team's share weight (see {@link FairQueue})
     * @param nanoClock {@link System#nanoTime} but in tests
     */
    public FairIntake(InFlightLimiter limiter, Bounds bounds, ToIntFunction<String> weights, Pauser pauser,
            LongSupplier nanoClock) {
        this.limiter = limiter;
        this.maxWaitNanos = bounds.maxWait().toNanos();
        this.held = new IntakeBounds(bounds, pauser);
        this.nanoClock = nanoClock;
        this.queue = new FairQueue<>(weights);
        limiter.onRelease(this::startWhatFits);
    }

    /**
     * The consumer's poll returned {@code records} records of {@code source}, which will be offered
     * one by one: they count as waiting from now on, so a partition that will be over its share is
     * paused before the consumer polls again. Called on the consumer's thread inside its poll.
     */
    public synchronized void polled(Source source, int records) {
        if (records > 0) {
            held.polled(source, records);
        }
    }

    /** Queues {@code work} of {@code team}'s {@code batch}, read from {@code source}, and starts what fits. */
    public void offer(Source source, String team, Priority priority, String batch,
            Supplier<? extends CompletionStage<Void>> work) {
        synchronized (this) {
            Entry entry = new Entry(source, work, nanoClock.getAsLong());
            queue.add(team, priority, batch, entry);
            arrivals.addLast(entry);
            held.offered(source);
        }
        startWhatFits();
    }

    /**
     * Keeps the counts of records polled and not offered yet for {@code sources} only, forgetting
     * every other partition's. Called after each rebalance with the consumer's whole assignment: a
     * partition can leave without {@link #dropPartitions} (SmallRye skips the listener when the
     * revocation's commit fails, but has dropped the partition's queued records all the same), and
     * its count must not hold the intake full. Counts only fall here, which at worst lets one more
     * poll through.
     */
    public synchronized void retainArriving(Collection<Source> sources) {
        held.retainArriving(sources);
    }

    /**
     * Whether {@code source} should be paused now: enough of its tasks wait (or were polled), or
     * enough tasks wait in all and some of them are its own.
     */
    public synchronized boolean pauseWanted(Source source) {
        return held.pauseWanted(source);
    }

    /**
     * The consumer now has {@code sources} too (a rebalance gave them to this pod): they count
     * towards the per-partition share from now on, and whatever the intake still holds of them is
     * forgotten (see {@link #dropPartitions}), since they are read again from the committed offset.
     *
     * @return how many waiting tasks were forgotten
     */
    public int assign(Collection<Source> sources) {
        synchronized (this) {
            held.assign(sources);
            return forget(sources);
        }
    }

    /**
     * Forgets the waiting work read from {@code sources}, which a rebalance gave to another pod: the
     * new owner reads it again from the committed offset. Work already started is not affected.
     * The remaining partitions' shares of {@code maxWaiting} grow accordingly.
     *
     * @return how many waiting tasks were forgotten
     */
    public int dropPartitions(Collection<Source> sources) {
        synchronized (this) {
            held.unassign(sources);
            return forget(sources);
        }
    }

    /**
     * Forgets the waiting work read from {@code sources} and brings the partitions to their wanted
     * state (open: nothing of theirs waits here any more).
     */
    private int forget(Collection<Source> sources) {
        Set<Source> gone = new HashSet<>(sources);
        int dropped = queue.removeIf(entry -> {
            if (gone.contains(entry.source)) {
                entry.gone = true;
                return true;
            }
            return false;
        });
        trimArrivals();
        // The connector drops what it queued of a revoked partition, so those records never arrive either.
        held.forget(gone);
        return dropped;
    }

    /** Tasks read and waiting for a permit. */
    public synchronized int waiting() {
        return queue.size();
    }

    /** Tasks waiting per team. */
    public synchronized Map<String, Integer> waitingByTeam() {
        return queue.sizeByTeam();
    }

    /**
     * Partitions the intake wants paused: those whose own waiting tasks reached their limit and,
     * while the intake is full, every one with a task waiting.
     */
    public synchronized int pausedPartitions() {
        return held.pausedPartitions();
    }

    /**
     * Whether {@code maxWaiting} tasks wait here or were polled on their way, so every partition with
     * a task waiting is paused.
     */
    public synchronized boolean isFull() {
        return held.isFull();
    }

    /**
     * Starts waiting work while permits are free. Calls that arrive while another thread (or an
     * outer frame of this one) is starting are folded into that run, which loops until no call is
     * left unanswered.
     */
    private void startWhatFits() {
        if (startRequests.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            try {
                startWhileFree();
            } catch (RuntimeException | Error defect) {
                // A defect here must not leave the counter raised, or no later call would start anything.
                startRequests.set(0);
                throw defect;
            }
            missed = startRequests.addAndGet(-missed);
        } while (missed != 0);
    }

    private void startWhileFree() {
        while (true) {
            Entry next;
            InFlightLimiter.Permit permit;
            synchronized (this) {
                if (queue.isEmpty()) {
                    return;
                }
                permit = limiter.tryAcquire();
                if (permit == null) {
                    return;
                }
                next = takeNext();
            }
            permit.runHolding(next.work);
        }
    }

    /** The oldest entry if it has waited too long, otherwise the next in fair order; its counts updated. */
    private Entry takeNext() {
        Entry oldest = arrivals.peekFirst();
        Entry next;
        if (oldest != null && nanoClock.getAsLong() - oldest.enqueuedAt >= maxWaitNanos) {
            next = oldest;
            queue.removeIf(entry -> entry == oldest);
        } else {
            next = queue.poll();
        }
        next.gone = true;
        trimArrivals();
        held.started(next.source);
        return next;
    }

    /**
     * How many of one partition's tasks may wait before it is paused: its share of
     * {@code maxWaiting} among the partitions assigned (every partition's, while none are known),
     * but at least the read-ahead.
     */
    public synchronized int partitionLimit() {
        return held.partitionLimit();
    }

    private void trimArrivals() {
        while (!arrivals.isEmpty() && arrivals.peekFirst().gone) {
            arrivals.pollFirst();
        }
    }
}
