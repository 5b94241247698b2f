package dev.taskfleet.worker.flow;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which input partitions this pod still owns, so that a task whose partition a rebalance gave to
 * another pod can be left to that pod before it costs a call here.
 *
 * <p>A task takes a {@link Lease} on its record's partition when it is read; the lease ends the
 * moment the partition is {@link #handOver handed over}, and stays ended even if the partition
 * comes back later: by then the record is read again from the last committed offset, as a new
 * record with a lease of its own. Leaving a task on an ended lease is therefore safe only because
 * its record was never acknowledged: the partition's next owner starts at or before it.
 *
 * <p>Thread-safe. Holds one counter per partition ever owned (a tier's topic and its lanes).
 */
public final class PartitionOwnership {

    /** A task's hold on the partition it was read from. */
    @FunctionalInterface
    public interface Lease {

        /** For work read from no partition (tests, a batch tier's own loop): never ends. */
        Lease FOREVER = () -> true;

        /** Whether the partition has stayed with this pod since the lease was taken. */
        boolean held();
    }

    private record Partition(String topic, int number) {
    }

    private final Map<Partition, AtomicLong> handOvers = new ConcurrentHashMap<>();

    /** A lease on {@code partition} of {@code topic}, held until the partition is next handed over. */
    public Lease lease(String topic, int partition) {
        AtomicLong count = counter(topic, partition);
        long taken = count.get();
        return () -> count.get() == taken;
    }

    /** The partition is no longer this pod's (revoked or lost in a rebalance): every lease on it ends. */
    public void handOver(String topic, int partition) {
        counter(topic, partition).incrementAndGet();
    }

    private AtomicLong counter(String topic, int partition) {
        return handOvers.computeIfAbsent(new Partition(topic, partition), p -> new AtomicLong());
    }
}
