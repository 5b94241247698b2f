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
 * Caps the work in flight: {@code limit} tasks whose model calls have not ended, and behind them at
 * most as many again whose calls have ended and whose result (or escalation request) Kafka has not
 * acknowledged yet. {@link #tryAcquire()} hands out a {@link Permit} while both have room and
 * {@code null} otherwise; whoever hands work to the limiter ({@link FairIntake}) tries again
 * whenever either frees up. A permit counts as calling until {@link Permit#callsEnded()}, then as
 * publishing until {@link Permit#release()}; whoever holds one must release it exactly once however
 * the work ends ({@link Permit#runHolding} does), and may end its calls before.
 *
 * <p>Why two counts: {@code limit} is the tier's provider concurrency ({@code max-in-flight}). A
 * permit held until Kafka acknowledged the result kept a provider slot idle for that
 * acknowledgement (a linger and a round trip to every replica); with a 1 ms model that bounded a
 * worker at 64 permits to about 1,700 tasks a second (docs/BENCHMARKS.md). The second count keeps
 * what a worker holds in memory bounded when Kafka is slow: at most twice {@code limit} tasks.
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
    /** Permits whose calls have not ended. */
    private int calling;
    /** Permits not released: calling, or waiting for Kafka's acknowledgement. */
    private int held;
    private int maxObserved;
    private boolean admitting = true;

    public InFlightLimiter(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the in-flight limit must be at least 1, was " + limit);
        }
        this.limit = limit;
    }

    /** A permit if a call may start and admission has not stopped, otherwise {@code null}. */
    public Permit tryAcquire() {
        synchronized (this) {
            if (!admitting || calling >= limit || held >= 2 * limit) {
                return null;
            }
            calling++;
            held++;
            maxObserved = Math.max(maxObserved, calling);
        }
        return new Permit();
    }

    /** Runs after every release and every end of calls, outside the limiter's lock: the intake starts the next work there. */
    public void onRelease(Runnable listener) {
        this.onRelease = listener;
    }

    private void endCalls() {
        synchronized (this) {
            calling--;
        }
        onRelease.run();
    }

    private void release(boolean stillCalling) {
        boolean nowIdleAndStopped;
        synchronized (this) {
            if (stillCalling) {
                calling--;
            }
            held--;
            nowIdleAndStopped = !admitting && held == 0;
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
            idle = held == 0;
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

    /** Most calls in flight at once. */
    public int limit() {
        return limit;
    }

    /** Tasks holding a permit: calling, or waiting for Kafka to acknowledge what they publish. */
    public synchronized int inFlight() {
        return held;
    }

    /** Tasks whose calls have not ended. */
    public synchronized int calling() {
        return calling;
    }

    /** The most calls in flight at once since this limiter was made. */
    public synchronized int maxObserved() {
        return maxObserved;
    }

    /**
     * The right to run one task: its calls, then publishing what they gave. Ending the calls twice,
     * or after the release, does nothing; so does releasing twice.
     */
    public final class Permit {

        private final AtomicBoolean callsEnded = new AtomicBoolean();
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit() {
        }

        /** The task's model calls are over: another task may start its calls while this one publishes. */
        public void callsEnded() {
            // One flag for both ways the calls end (here or in release()), so the count falls once.
            if (callsEnded.compareAndSet(false, true)) {
                endCalls();
            }
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                InFlightLimiter.this.release(callsEnded.compareAndSet(false, true));
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
