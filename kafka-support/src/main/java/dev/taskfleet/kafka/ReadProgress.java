package dev.taskfleet.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a {@link TopicFollower} has read, shared between its reading thread and the threads
 * that wait for it: the position of every partition, whether it has caught up with the end
 * offsets seen at start, and why it stopped if it did. A monitor; every method is thread-safe.
 */
final class ReadProgress {

    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private Map<TopicPartition, Long> startEnds;
    private boolean caughtUp;
    private Exception failure;

    /** The end offsets of the partitions found at start: caught up once every position reaches them. */
    synchronized void started(Map<TopicPartition, Long> endOffsets) {
        startEnds = Map.copyOf(endOffsets);
    }

    /** Records the positions read so far. */
    synchronized void advance(Map<TopicPartition, Long> now) {
        positions.putAll(now);
        notifyAll();
    }

    /** Whether every position has reached the end offsets seen at start, before {@link #markCaughtUp()}. */
    synchronized boolean reachedStartEnds() {
        return !caughtUp && startEnds != null
                && startEnds.entrySet().stream().allMatch(e -> position(e.getKey()) >= e.getValue());
    }

    synchronized void markCaughtUp() {
        caughtUp = true;
        notifyAll();
    }

    synchronized void failed(Exception cause) {
        failure = cause;
        notifyAll();
    }

    synchronized boolean caughtUp() {
        return caughtUp;
    }

    synchronized Exception failure() {
        return failure;
    }

    synchronized boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!caughtUp && failure == null) {
            if (!waitUntil(deadline)) {
                return false;
            }
        }
        return caughtUp;
    }

    synchronized boolean awaitApplied(TopicPartition partition, long offset, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (position(partition) <= offset && failure == null) {
            if (!waitUntil(deadline)) {
                return false;
            }
        }
        return position(partition) > offset;
    }

    private long position(TopicPartition partition) {
        return positions.getOrDefault(partition, 0L);
    }

    /** Waits for a change or the deadline; {@code false} once the deadline has passed. */
    private boolean waitUntil(long deadline) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        wait(Math.max(1, Duration.ofNanos(left).toMillis()));
        return true;
    }
}
