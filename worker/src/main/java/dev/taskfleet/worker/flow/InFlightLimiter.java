package dev.taskfleet.worker.flow;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Caps how many tasks are in flight at once without blocking a thread: {@link #acquire()} hands
 * out a {@link Permit} at once while one is free and otherwise a stage that completes, first come
 * first served, when one is released. Whoever holds a permit must release it exactly once however
 * the work ends; {@link Permit#runHolding} does that.
 *
 * <p>{@link #stopAdmitting()} is for shutdown: from then on no permit is handed out, neither to
 * new callers nor to those already waiting (their stages never complete), while the work already
 * holding permits finishes; {@link #awaitIdle} waits for that.
 *
 * <p>Thread-safe. Stages are completed outside the lock, on the thread that releases.
 */
public final class InFlightLimiter {

    private final int limit;
    private final Deque<CompletableFuture<Permit>> waiting = new ArrayDeque<>();
    private final CompletableFuture<Void> idleAfterStop = new CompletableFuture<>();
    private int inFlight;
    private int maxObserved;
    private boolean admitting = true;

    public InFlightLimiter(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the in-flight limit must be at least 1, was " + limit);
        }
        this.limit = limit;
    }

    /** A permit now if one is free, otherwise when one is released; never while stopped. */
    public CompletionStage<Permit> acquire() {
        CompletableFuture<Permit> granted = new CompletableFuture<>();
        synchronized (this) {
            if (!admitting) {
                return granted;
            }
            if (inFlight >= limit || !waiting.isEmpty()) {
                waiting.addLast(granted);
                return granted;
            }
            inFlight++;
            maxObserved = Math.max(maxObserved, inFlight);
        }
        granted.complete(new Permit());
        return granted;
    }

    private void release() {
        CompletableFuture<Permit> next = null;
        boolean nowIdleAndStopped = false;
        synchronized (this) {
            if (admitting && !waiting.isEmpty()) {
                // The slot passes straight to the next waiter; the in-flight count is unchanged.
                next = waiting.pollFirst();
            } else {
                inFlight--;
                nowIdleAndStopped = !admitting && inFlight == 0;
            }
        }
        if (next != null) {
            next.complete(new Permit());
        }
        if (nowIdleAndStopped) {
            idleAfterStop.complete(null);
        }
    }

    /** Hands out no more permits, including to callers already waiting for one. Irreversible. */
    public void stopAdmitting() {
        boolean idle;
        synchronized (this) {
            admitting = false;
            waiting.clear();
            idle = inFlight == 0;
        }
        if (idle) {
            idleAfterStop.complete(null);
        }
    }

    /**
     * After {@link #stopAdmitting()}, waits until every permit has been released.
     *
     * @return {@code true} if all work finished in time, {@code false} on timeout or if admission was never stopped
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        try {
            idleAfterStop.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the idle signal cannot fail", e);
        }
    }

    public int limit() {
        return limit;
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    /** The highest number of permits held at once since this limiter was made. */
    public synchronized int maxObserved() {
        return maxObserved;
    }

    /** Callers waiting for a permit. */
    public synchronized int waiting() {
        return waiting.size();
    }

    /** The right to run one unit of work. Releasing twice is harmless; the second time does nothing. */
    public final class Permit {

        private final AtomicBoolean released = new AtomicBoolean();

        private Permit() {
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                InFlightLimiter.this.release();
            }
        }

        /**
         * Starts {@code work} and releases this permit when its stage completes, normally or not,
         * or at once if {@code work} throws instead of returning a stage.
         *
         * @return the work's stage, or a failed stage if it threw
         */
        public <T> CompletionStage<T> runHolding(Supplier<? extends CompletionStage<T>> work) {
            CompletionStage<T> stage;
            try {
                stage = work.get();
            } catch (RuntimeException | Error e) {
                release();
                return CompletableFuture.failedFuture(e);
            }
            return stage.whenComplete((result, failure) -> release());
        }
    }
}
