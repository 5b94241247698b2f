package dev.taskfleet.worker.flow;

import dev.taskfleet.worker.flow.FairIntake.Source;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the {@link FairIntake} holds of each partition, tasks waiting and records polled on their
 * way, and so which partitions must be paused: a partition holding its share of
 * {@code maxWaiting} (or the read-ahead, if more) until it is down to three quarters of it, and,
 * once {@code maxWaiting} are held in all, every partition holding any until half are left. It
 * asks the {@link FairIntake.Pauser} to bring a partition to its wanted state whenever that may
 * have changed.
 *
 * <p>Not thread-safe: the intake calls it under its lock.
 */
final class IntakeBounds {

    private final FairIntake.Bounds bounds;
    private final FairIntake.Pauser pauser;
    private final Map<Source, Integer> waitingBySource = new HashMap<>();
    private int waiting;
    /** Records polled but not yet offered, per partition and in all. */
    private final Map<Source, Integer> arrivingBySource = new HashMap<>();
    private int arriving;
    private final Set<Source> fullSources = new HashSet<>();
    /** Partitions the consumer has now; their number divides {@code maxWaiting} into per-partition shares. */
    private final Set<Source> assigned = new HashSet<>();
    private boolean full;

    IntakeBounds(FairIntake.Bounds bounds, FairIntake.Pauser pauser) {
        this.bounds = bounds;
        this.pauser = pauser;
    }

    /** The consumer's poll returned {@code records} records of {@code source}; they count as held from now on. */
    void polled(Source source, int records) {
        boolean firstHeld = held(source) == 0;
        arrivingBySource.merge(source, records, Integer::sum);
        arriving += records;
        if ((held(source) >= partitionLimit() && fullSources.add(source)) || (full && firstHeld)) {
            pauser.sync(source);
        }
        fillUp();
    }

    /** A record of {@code source} is queued: it waits now, and is no longer on its way. */
    void offered(Source source) {
        arrived(source);
        waitingBySource.merge(source, 1, Integer::sum);
        waiting++;
        int held = held(source);
        if ((held >= partitionLimit() && fullSources.add(source)) || (full && held == 1)) {
            pauser.sync(source);
        }
        fillUp();
    }

    /** A waiting task of {@code source} has started. */
    void started(Source source) {
        int left = waitingBySource.merge(source, -1, Integer::sum);
        if (left <= 0) {
            waitingBySource.remove(source);
        }
        waiting--;
        int held = held(source);
        if ((held <= resumeAt() && fullSources.remove(source)) || (full && held <= 0)) {
            pauser.sync(source);
        }
        emptiedToHalf();
    }

    /** The consumer now has {@code sources} too: they count towards the per-partition share. */
    void assign(Collection<Source> sources) {
        assigned.addAll(sources);
    }

    /** The consumer no longer has {@code sources}: the other partitions' shares grow. */
    void unassign(Collection<Source> sources) {
        sources.forEach(assigned::remove);
    }

    /**
     * Forgets everything held of {@code gone} (its waiting tasks were dropped from the queue, and
     * its records on their way will never arrive) and brings those partitions to their wanted state.
     */
    void forget(Set<Source> gone) {
        for (Source source : gone) {
            Integer counted = waitingBySource.remove(source);
            waiting -= counted == null ? 0 : counted;
            forgetArriving(source);
        }
        fullSources.removeAll(gone);
        if (!emptiedToHalf()) {
            gone.forEach(pauser::sync);
        }
    }

    /** Keeps the counts of records on their way for {@code sources} only (see {@link FairIntake#retainArriving}). */
    void retainArriving(Collection<Source> sources) {
        Set<Source> keep = new HashSet<>(sources);
        List<Source> gone = new ArrayList<>();
        arrivingBySource.keySet().forEach(source -> {
            if (!keep.contains(source)) {
                gone.add(source);
            }
        });
        for (Source source : gone) {
            forgetArriving(source);
            if (held(source) <= resumeAt() && fullSources.remove(source)) {
                pauser.sync(source);
            }
        }
        emptiedToHalf();
    }

    /** See {@link FairIntake#pauseWanted}. */
    boolean pauseWanted(Source source) {
        return fullSources.contains(source) || full && held(source) > 0;
    }

    /** See {@link FairIntake#pausedPartitions}. */
    int pausedPartitions() {
        if (!full) {
            return fullSources.size();
        }
        Set<Source> paused = new HashSet<>(fullSources);
        paused.addAll(waitingBySource.keySet());
        paused.addAll(arrivingBySource.keySet());
        return paused.size();
    }

    boolean isFull() {
        return full;
    }

    /** See {@link FairIntake#partitionLimit}. */
    int partitionLimit() {
        return Math.max(bounds.readAhead(), bounds.maxWaiting() / Math.max(1, assigned.size()));
    }

    /**
     * A paused partition is resumed once no more than this many of its tasks are held: three
     * quarters of its limit, so its next fetch can arrive before they have all started. Resuming at
     * half left a busy team's lane dry between fetches on a loaded machine, and its share sank
     * towards the other teams'.
     */
    private int resumeAt() {
        return partitionLimit() * 3 / 4;
    }

    /** One record of {@code source} that was counted as polled is being offered now. */
    private void arrived(Source source) {
        Integer counted = arrivingBySource.get(source);
        if (counted == null) {
            return; // polled before the intake was counting, or of a partition revoked since
        }
        if (counted > 1) {
            arrivingBySource.put(source, counted - 1);
        } else {
            arrivingBySource.remove(source);
        }
        arriving--;
    }

    private void forgetArriving(Source source) {
        Integer counted = arrivingBySource.remove(source);
        arriving -= counted == null ? 0 : counted;
    }

    /** {@code source}'s tasks waiting and polled on their way. */
    private int held(Source source) {
        return waitingBySource.getOrDefault(source, 0) + arrivingBySource.getOrDefault(source, 0);
    }

    /** Once {@code maxWaiting} tasks wait or are on their way, every partition holding one is paused. */
    private void fillUp() {
        if (!full && waiting + arriving >= bounds.maxWaiting()) {
            full = true;
            pauser.syncAll();
        }
    }

    /**
     * A full intake stops being full once what waits and what is on its way fall to half of
     * {@code maxWaiting}, and every partition goes back to its wanted state.
     *
     * @return whether that happened now
     */
    private boolean emptiedToHalf() {
        if (full && waiting + arriving <= bounds.maxWaiting() / 2) {
            full = false;
            pauser.syncAll();
            return true;
        }
        return false;
    }
}
