package dev.taskfleet.worker.flow;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Caps how many tasks are in flight at once: {@link #tryAcquire()} hands out a {@link Permit}
 * while one is free and {@code null} otherwise; whoever hands work to the limiter
 * ({@link FairIntake}) tries again when a permit is released. Whoever holds a permit must release
 * it exactly once however the work ends; {@link Permit#runHolding} does that and then runs the
 * limiter's release listener.
 *
 * <p>{@link #stopAdmitting()} is for shutdown: from then on no permit is handed out, while the work
 * already holding permits finishes; {@link #awaitIdle} waits for that.
 *
 * <p>Thread-safe.
 */
public final class InFlightLimiter {

    private final int limit;
    private final CompletableFuture<Void> idleAfterStop = new CompletableFuture<>();
    private volatile Runnable onRelease = () -> { };
    private int inFlight;
    private int maxObserved;
    private boolean admitting = true;

    public InFlightLimiter(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the in-flight limit must be at least 1, was " + limit);
        }
        this.limit = limit;
    }

    /** A permit if one is free and admission has not stopped, otherwise {@code null}. */
    public Permit tryAcquire() {
        synchronized (this) {
            if (!admitting || inFlight >= limit) {
                return null;
            }
            inFlight++;
            maxObserved = Math.max(maxObserved, inFlight);
        }
        return new Permit();
    }

    /** Runs after every release, outside the limiter's lock: the intake starts the next work there. */
    public void onRelease(Runnable listener) {
        this.onRelease = listener;
    }

    private void release() {
        boolean nowIdleAndStopped;
        synchronized (this) {
            inFlight--;
            nowIdleAndStopped = !admitting && inFlight == 0;
        }
        if (nowIdleAndStopped) {
            idleAfterStop.complete(null);
        }
        onRelease.run();
    }

    /** Hands out no more permits. Irreversible. */
    public void stopAdmitting() {
        boolean idle;
        synchronized (this) {
            admitting = false;
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
