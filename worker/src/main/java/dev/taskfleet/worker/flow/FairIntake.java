package dev.taskfleet.worker.flow;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Between reading tasks and running them: what has been read waits in a {@link FairQueue} and is
 * started, in fair order between teams and batches, whenever the {@link InFlightLimiter} has a
 * permit free.
 *
 * <p><b>Bounded per partition.</b> Once {@code readAhead} tasks of one partition wait here, that
 * partition is paused at the consumer ({@link Pauser}), and it is resumed when half of them have
 * started. So memory is bounded by {@code readAhead} per assigned partition (plus what one fetch had
 * already brought), and, with each team's tasks on partitions of their own (lanes), a team with
 * a deep backlog fills only its own partitions' share: another team's partitions keep delivering,
 * and its tasks start in their fair turn instead of behind everything already read.
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

    /** Stops and restarts reading one partition; called under this intake's lock, so it must not block. */
    public interface Pauser {

        void pause(Source source);

        void resume(Source source);
    }

    private record Entry(Source source, Supplier<? extends CompletionStage<Void>> work) {
    }

    private final InFlightLimiter limiter;
    private final int readAhead;
    private final Pauser pauser;
    private final FairQueue<Entry> queue;
    private final Map<Source, Integer> waitingBySource = new HashMap<>();
    private final Set<Source> paused = new HashSet<>();
    private final AtomicInteger startRequests = new AtomicInteger();

    /**
     * @param readAhead most tasks of one partition waiting here before the partition is paused, at least 1
     * @param weights   a team's share weight (see {@link FairQueue})
     */
    public FairIntake(InFlightLimiter limiter, int readAhead, ToIntFunction<String> weights, Pauser pauser) {
        if (readAhead < 1) {
            throw new IllegalArgumentException("the read-ahead per partition must be at least 1, was " + readAhead);
        }
        this.limiter = limiter;
        this.readAhead = readAhead;
        this.pauser = pauser;
        this.queue = new FairQueue<>(weights);
        limiter.onRelease(this::startWhatFits);
    }

    /** Queues {@code work} of {@code team}'s {@code batch}, read from {@code source}, and starts what fits. */
    public void offer(Source source, String team, String batch, Supplier<? extends CompletionStage<Void>> work) {
        synchronized (this) {
            queue.add(team, batch, new Entry(source, work));
            int waiting = waitingBySource.merge(source, 1, Integer::sum);
            if (waiting >= readAhead && paused.add(source)) {
                pauser.pause(source);
            }
        }
        startWhatFits();
    }

    /**
     * Forgets the waiting work read from {@code sources}: a rebalance gave them to another pod, which
     * reads that work again. Work already started is not affected.
     */
    public synchronized int dropPartitions(Collection<Source> sources) {
        Set<Source> gone = new HashSet<>(sources);
        gone.forEach(waitingBySource::remove);
        // A revoked partition's pause ends with its assignment; nothing to resume.
        paused.removeAll(gone);
        return queue.removeIf(entry -> gone.contains(entry.source()));
    }

    /** Tasks read and waiting for a permit. */
    public synchronized int waiting() {
        return queue.size();
    }

    /** Tasks waiting per team. */
    public synchronized Map<String, Integer> waitingByTeam() {
        return queue.sizeByTeam();
    }

    /** Partitions paused because enough of their tasks wait here. */
    public synchronized int pausedPartitions() {
        return paused.size();
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
            startWhileFree();
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
                next = queue.poll();
                int left = waitingBySource.merge(next.source(), -1, Integer::sum);
                if (left <= 0) {
                    waitingBySource.remove(next.source());
                }
                if (left <= readAhead / 2 && paused.remove(next.source())) {
                    pauser.resume(next.source());
                }
            }
            permit.runHolding(next.work());
        }
    }
}
