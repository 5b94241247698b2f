package dev.taskfleet.producer.publish;

import java.time.Duration;

/**
 * Counts the sends of one batch and their acknowledgements, so the batch can wait until every
 * send has an answer without blocking on any single one. Completions arrive on the Kafka
 * producer's I/O thread; waiting happens on the request's thread.
 */
final class AckTracker {

    private long sent;
    private long acknowledged;
    private long completed;
    private Exception firstFailure;

    synchronized void sent() {
        sent++;
    }

    /** Records the answer to one send: {@code failure} is {@code null} when the broker acknowledged it. */
    synchronized void completed(Exception failure) {
        completed++;
        if (failure == null) {
            acknowledged++;
        } else if (firstFailure == null) {
            firstFailure = failure;
        }
        if (completed == sent) {
            notifyAll();
        }
    }

    /** Records a send that failed before it was handed to the producer. */
    synchronized void refused(Exception failure) {
        if (firstFailure == null) {
            firstFailure = failure;
        }
    }

    synchronized Exception firstFailure() {
        return firstFailure;
    }

    synchronized long acknowledged() {
        return acknowledged;
    }

    /**
     * Waits until every send has been answered.
     *
     * @return {@code false} if some were still unanswered after {@code timeout}
     */
    synchronized boolean awaitAll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (completed < sent) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            Duration left = Duration.ofNanos(remaining);
            wait(Math.max(1, left.toMillis()));
        }
        return true;
    }
}
