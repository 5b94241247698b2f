package dev.taskfleet.worker.flow;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action later without a thread waiting for it: how retries and rate-limit waits resume.
 * A seam so tests can drive time by hand.
 */
@FunctionalInterface
public interface Scheduler {

    /**
     * Runs {@code action} once {@code delay} has passed (at once for zero or negative delays).
     *
     * @throws RejectedExecutionException when the scheduler is shutting down
     */
    void after(Duration delay, Runnable action);

    /** Timers on {@code executor}, which the caller owns; actions should be short, they share its threads. */
    static Scheduler on(ScheduledExecutorService executor) {
        return (delay, action) -> executor.schedule(action, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }
}
