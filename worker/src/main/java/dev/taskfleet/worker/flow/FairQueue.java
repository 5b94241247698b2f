package dev.taskfleet.worker.flow;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The work a worker has read but not started, handed out fairly: between teams in proportion to
 * their weights (weighted round robin, the unit-cost case of deficit round robin), and within a
 * team one batch after another in turn. Each team with work waiting gets {@code weight} items per
 * round, so a team with weight 2 starts twice as many tasks as a team with weight 1 while both have
 * work here, and a team alone gets every slot. Order within one batch is the order of arrival.
 *
 * <p>Only what is queued here is shared: which records reach the queue is up to the reader (see
 * {@link FairIntake}, which bounds the queue per partition so every partition keeps delivering).
 *
 * <p>Not thread-safe: {@link FairIntake} guards it.
 *
 * @param <T> the queued work
 */
public final class FairQueue<T> {

    private final ToIntFunction<String> weights;
    /** Teams with work queued, in their turn order; the first is the one being served. */
    private final LinkedHashMap<String, Team<T>> active = new LinkedHashMap<>();
    private int size;

    /** @param weights a team's weight, at least 1 (smaller values count as 1) */
    public FairQueue(ToIntFunction<String> weights) {
        this.weights = weights;
    }

    public void add(String team, String batch, T item) {
        active.computeIfAbsent(team, t -> new Team<>()).add(batch, item);
        size++;
    }

    /** The next item in fair order, or {@code null} when nothing is queued. */
    public T poll() {
        while (!active.isEmpty()) {
            Map.Entry<String, Team<T>> first = active.entrySet().iterator().next();
            Team<T> team = first.getValue();
            if (team.credit == 0) {
                team.credit = Math.max(1, weights.applyAsInt(first.getKey()));
            }
            T item = team.poll();
            team.credit--;
            size--;
            if (team.isEmpty()) {
                // A team that runs dry leaves the rotation and keeps no credit: it cannot save up turns.
                active.remove(first.getKey());
            } else if (team.credit == 0) {
                active.remove(first.getKey());
                active.put(first.getKey(), team);
            }
            return item;
        }
        return null;
    }

    /** Drops every queued item {@code unwanted} accepts; returns how many. */
    public int removeIf(Predicate<? super T> unwanted) {
        int removed = 0;
        for (Iterator<Team<T>> teams = active.values().iterator(); teams.hasNext(); ) {
            Team<T> team = teams.next();
            removed += team.removeIf(unwanted);
            if (team.isEmpty()) {
                teams.remove();
            }
        }
        size -= removed;
        return removed;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Items queued per team, for metrics and tests. */
    public Map<String, Integer> sizeByTeam() {
        Map<String, Integer> sizes = new HashMap<>();
        active.forEach((name, team) -> sizes.put(name, team.size));
        return sizes;
    }

    /** One team's batches, served in turn, one item each. */
    private static final class Team<T> {

        private final LinkedHashMap<String, ArrayDeque<T>> batches = new LinkedHashMap<>();
        private int size;
        private int credit;

        void add(String batch, T item) {
            batches.computeIfAbsent(batch, b -> new ArrayDeque<>()).addLast(item);
            size++;
        }

        T poll() {
            Map.Entry<String, ArrayDeque<T>> first = batches.entrySet().iterator().next();
            T item = first.getValue().pollFirst();
            batches.remove(first.getKey());
            if (!first.getValue().isEmpty()) {
                batches.put(first.getKey(), first.getValue());
            }
            size--;
            return item;
        }

        int removeIf(Predicate<? super T> unwanted) {
            int removed = 0;
            for (Iterator<ArrayDeque<T>> queues = batches.values().iterator(); queues.hasNext(); ) {
                ArrayDeque<T> queue = queues.next();
                int before = queue.size();
                queue.removeIf(unwanted);
                removed += before - queue.size();
                if (queue.isEmpty()) {
                    queues.remove();
                }
            }
            size -= removed;
            return removed;
        }

        boolean isEmpty() {
            return size == 0;
        }
    }
}
