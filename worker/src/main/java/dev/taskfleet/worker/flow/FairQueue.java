package dev.taskfleet.worker.flow;

import dev.taskfleet.contract.Priority;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The work a worker has read but not started, handed out fairly on three levels, each a weighted
 * round robin (the unit-cost case of deficit round robin: a task's cost is not known before its
 * call):
 * <ol>
 * <li>between teams, in proportion to their weights: each team with work waiting gets
 * {@code weight} items per round, so a team with weight 2 starts twice as many tasks as a team
 * with weight 1 while both have work here, and a team alone gets every slot;</li>
 * <li>within a team's turns, between its priority classes by {@link Priority#share()} (6, 3 and 1:
 * interactive first, and with all three waiting 60%, 30% and 10% of the team's starts, so no class
 * is starved);</li>
 * <li>within a class, between the team's batches, one item each in turn.</li>
 * </ol>
 * A team or class that runs dry leaves its rotation and keeps no credit, so it cannot save up
 * turns. Order within one batch is the order of arrival.
 *
 * <p>Only what is queued here is shared: which records reach the queue is up to the reader (see
 * {@link FairIntake}, which bounds the queue per partition so every partition keeps delivering).
 *
 * <p>Not thread-safe: {@link FairIntake} guards it.
 *
 * @param <T> the queued work
 */
public final class FairQueue<T> {

    private final Rotation<String, T, ClassTurns<T>> teams;

    /** @param weights a team's weight, at least 1 (smaller values count as 1) */
    public FairQueue(ToIntFunction<String> weights) {
        this.teams = new Rotation<>(weights);
    }

    public void add(String team, Priority priority, String batch, T item) {
        teams.child(team, t -> new ClassTurns<>())
                .of(priority)
                .child(batch, b -> new Leaf<>())
                .add(item);
    }

    /** The next item in fair order, or {@code null} when nothing is queued. */
    public T poll() {
        return teams.isEmpty() ? null : teams.poll();
    }

    /** Drops every queued item {@code unwanted} accepts; returns how many. */
    public int removeIf(Predicate<? super T> unwanted) {
        return teams.removeIf(unwanted);
    }

    public int size() {
        return teams.size();
    }

    public boolean isEmpty() {
        return teams.isEmpty();
    }

    /** Items queued per team (tests and the intake's {@code waitingByTeam}). */
    public Map<String, Integer> sizeByTeam() {
        return teams.sizes();
    }

    /** One level of the queue: something that holds items. */
    private interface Level<T> {

        T poll();

        int size();

        int removeIf(Predicate<? super T> unwanted);

        default boolean isEmpty() {
            return size() == 0;
        }
    }

    /** The items of one batch, first in, first out. */
    private static final class Leaf<T> implements Level<T> {

        private final ArrayDeque<T> items = new ArrayDeque<>();

        void add(T item) {
            items.addLast(item);
        }

        @Override
        public T poll() {
            return items.pollFirst();
        }

        @Override
        public int size() {
            return items.size();
        }

        @Override
        public int removeIf(Predicate<? super T> unwanted) {
            int before = items.size();
            items.removeIf(unwanted);
            return before - items.size();
        }
    }

    /**
     * One team's priority classes, served in a fixed cycle from the highest: interactive for up to
     * its share of starts, then standard, then bulk, then interactive again; a class with nothing
     * waiting is skipped. A team that has run dry starts the cycle afresh when work arrives, so its
     * highest class waiting starts first.
     */
    private static final class ClassTurns<T> implements Level<T> {

        private static final Priority[] CLASSES = Priority.values();

        @SuppressWarnings("unchecked")
        private final Rotation<String, T, Leaf<T>>[] classes = new Rotation[CLASSES.length];
        private int current;
        private int credit;
        private int size;

        /** The batches of {@code priority}; counts one item added below them. */
        Rotation<String, T, Leaf<T>> of(Priority priority) {
            size++;
            Rotation<String, T, Leaf<T>> batches = classes[priority.ordinal()];
            if (batches == null) {
                batches = new Rotation<>(batch -> 1);
                classes[priority.ordinal()] = batches;
            }
            return batches;
        }

        @Override
        public T poll() {
            while (classes[current] == null || classes[current].isEmpty()) {
                next();
            }
            if (credit == 0) {
                credit = CLASSES[current].share();
            }
            T item = classes[current].poll();
            size--;
            if (--credit == 0 || classes[current].isEmpty()) {
                next();
            }
            return item;
        }

        private void next() {
            current = (current + 1) % CLASSES.length;
            credit = 0;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public int removeIf(Predicate<? super T> unwanted) {
            int removed = 0;
            for (Rotation<String, T, Leaf<T>> batches : classes) {
                if (batches != null) {
                    removed += batches.removeIf(unwanted);
                }
            }
            size -= removed;
            return removed;
        }
    }

    /**
     * Children taking turns: the first child in line gives {@code weight} items, then goes to the
     * back; a child that runs dry leaves the line with its credit.
     */
    private static final class Rotation<K, T, C extends Level<T>> implements Level<T> {

        private final ToIntFunction<? super K> weights;
        /** Children with items, in turn order; the first is being served. */
        private final LinkedHashMap<K, C> line = new LinkedHashMap<>();
        private final Map<K, Integer> credits = new HashMap<>();
        private int size;

        Rotation(ToIntFunction<? super K> weights) {
            this.weights = weights;
        }

        /** The child for {@code key}, joining the back of the line if it had no items; counts one item added below it. */
        C child(K key, Function<K, C> create) {
            size++;
            return line.computeIfAbsent(key, create);
        }

        @Override
        public T poll() {
            Map.Entry<K, C> first = line.entrySet().iterator().next();
            K key = first.getKey();
            int credit = credits.getOrDefault(key, 0);
            if (credit == 0) {
                credit = Math.max(1, weights.applyAsInt(key));
            }
            T item = first.getValue().poll();
            credit--;
            size--;
            if (first.getValue().isEmpty()) {
                line.remove(key);
                credits.remove(key);
            } else if (credit == 0) {
                line.remove(key);
                line.put(key, first.getValue());
                credits.remove(key);
            } else {
                credits.put(key, credit);
            }
            return item;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public int removeIf(Predicate<? super T> unwanted) {
            int removed = 0;
            for (Iterator<Map.Entry<K, C>> children = line.entrySet().iterator(); children.hasNext(); ) {
                Map.Entry<K, C> child = children.next();
                removed += child.getValue().removeIf(unwanted);
                if (child.getValue().isEmpty()) {
                    credits.remove(child.getKey());
                    children.remove();
                }
            }
            size -= removed;
            return removed;
        }

        Map<K, Integer> sizes() {
            Map<K, Integer> sizes = new HashMap<>();
            line.forEach((key, child) -> sizes.put(key, child.size()));
            return sizes;
        }
    }
}
