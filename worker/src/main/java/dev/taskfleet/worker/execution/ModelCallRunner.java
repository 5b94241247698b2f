package dev.taskfleet.worker.execution;

import dev.taskfleet.worker.flow.Scheduler;
import dev.taskfleet.worker.provider.ModelCallException;
import dev.taskfleet.worker.provider.ModelProvider;
import dev.taskfleet.worker.provider.ModelRequest;
import dev.taskfleet.worker.provider.ModelResponse;
import dev.taskfleet.worker.provider.TokenEstimator;
import dev.taskfleet.worker.ratelimit.TierRateLimiter;
import dev.taskfleet.worker.retry.RetryPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.DoubleSupplier;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * Makes a task's model calls: waits for rate-limit capacity, calls, and retries retryable
 * failures per the {@link RetryPolicy}, until one call succeeds or the task must fail.
 *
 * <p>Waiting (for capacity or before a retry) is a timer on the {@link Scheduler}, never a blocked
 * thread. The task keeps its in-flight permit while it waits. That is deliberate: a pod's
 * concurrency stays bounded by {@code max-in-flight} whatever the provider does, and the record
 * stays unacknowledged, so a crash redoes it. The cost is that a tier hit by a long outage holds
 * permits idle; the partition still moves, because other permits keep being released as their
 * tasks end, and the attempt limit and back-off ceiling bound how long any permit is held.
 *
 * <p>Every end of the calls is an {@link Outcome}; the returned stage fails only on a defect (an
 * observer or request factory throwing), which {@link TaskCompletion} turns into a worker error.
 */
public final class ModelCallRunner {

    /**
     * How a task's calls ended.
     *
     * @param response     the successful answer, {@code null} if none
     * @param failure      the last failure, {@code null} on success
     * @param calls        calls made, the last included
     * @param inputTokens  prompt tokens charged over all calls
     * @param outputTokens completion tokens charged over all calls
     * @param lastCall     how long the last call took, as measured around it
     */
    public record Outcome(ModelResponse response, Throwable failure, int calls, long inputTokens, long outputTokens,
            Duration lastCall) {
    }

    private final ModelProvider provider;
    private final RetryPolicy retries;
    private final TierRateLimiter rateLimiter;
    private final Scheduler scheduler;
    private final DoubleSupplier jitter;
    private final LongSupplier nanoTime;
    private final ModelCallObserver observer;

    /**
     * @param jitter   uniform numbers in {@code [0, 1)} for back-off jitter; seeded in tests
     * @param nanoTime measures call durations, {@code System::nanoTime} outside tests
     */
    public ModelCallRunner(ModelProvider provider, RetryPolicy retries, TierRateLimiter rateLimiter,
            Scheduler scheduler, DoubleSupplier jitter, LongSupplier nanoTime, ModelCallObserver observer) {
        this.provider = provider;
        this.retries = retries;
        this.rateLimiter = rateLimiter;
        this.scheduler = scheduler;
        this.jitter = jitter;
        this.nanoTime = nanoTime;
        this.observer = observer;
    }

    /** One call, no retries, no rate limit: never needs the scheduler. */
    public static ModelCallRunner singleCall(ModelProvider provider, LongSupplier nanoTime, ModelCallObserver observer) {
        return new ModelCallRunner(provider, RetryPolicy.NO_RETRIES,
                TierRateLimiter.fleetShare(OptionalLong.empty(), OptionalLong.empty(), 1, nanoTime),
                (delay, action) -> action.run(), () -> 0, nanoTime, observer);
    }

    /** @param requestForCall the request of call number {@code n}, starting at 1 */
    public CompletionStage<Outcome> run(IntFunction<ModelRequest> requestForCall) {
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        new Calls(requestForCall, done).next(Duration.ZERO);
        return done;
    }

    /** The state of one task's calls. Each step runs on whichever thread completed the previous one. */
    private final class Calls {

        private final IntFunction<ModelRequest> requests;
        private final CompletableFuture<Outcome> done;
        private int calls;
        private long inputTokens;
        private long outputTokens;

        Calls(IntFunction<ModelRequest> requests, CompletableFuture<Outcome> done) {
            this.requests = requests;
            this.done = done;
        }

        /** Waits {@code backoff}, then for rate-limit capacity, then calls. */
        void next(Duration backoff) {
            later(backoff, () -> {
                ModelRequest request = requests.apply(calls + 1);
                long reserved = TokenEstimator.estimate(request.prompt()) + request.maxOutputTokens();
                Duration wait = rateLimiter.reserve(reserved);
                observer.rateLimitWaited(wait);
                later(wait, () -> call(request, reserved));
            });
        }

        private void call(ModelRequest request, long reserved) {
            calls++;
            long started = nanoTime.getAsLong();
            CompletionStage<ModelResponse> call;
            try {
                call = provider.complete(request);
            } catch (RuntimeException e) {
                call = CompletableFuture.failedFuture(e);
            }
            call.whenComplete((response, failure) -> guarded(() -> ended(response, unwrap(failure), reserved,
                    Duration.ofNanos(nanoTime.getAsLong() - started))));
        }

        private void ended(ModelResponse response, Throwable failure, long reserved, Duration elapsed) {
            observer.callFinished(failure == null, elapsed);
            if (failure == null) {
                inputTokens += response.inputTokens();
                outputTokens += response.outputTokens();
                rateLimiter.settle(reserved, response.inputTokens() + response.outputTokens(), true);
                done.complete(new Outcome(response, null, calls, inputTokens, outputTokens, elapsed));
                return;
            }
            // Providers do not charge for calls that produced nothing.
            rateLimiter.settle(reserved, 0, false);
            Optional<Duration> delay = Optional.empty();
            if (failure instanceof ModelCallException refused) {
                if (ModelCallException.RATE_LIMITED.equals(refused.code())) {
                    rateLimiter.rateLimited(refused.retryAfter().orElse(retries.window(calls)));
                } else if (ModelCallException.AUTH_FAILED.equals(refused.code())) {
                    observer.authFailed();
                }
                delay = retries.delayBeforeRetry(calls, refused, jitter);
            }
            if (delay.isEmpty()) {
                done.complete(new Outcome(null, failure, calls, inputTokens, outputTokens, elapsed));
                return;
            }
            observer.retrying(((ModelCallException) failure).code());
            next(delay.get());
        }

        private void later(Duration delay, Runnable step) {
            if (delay.isZero() || delay.isNegative()) {
                guarded(step);
                return;
            }
            try {
                scheduler.after(delay, () -> guarded(step));
            } catch (RuntimeException e) {
                // The scheduler is shutting down: end the task with what it has rather than never.
                done.complete(new Outcome(null, new ModelCallException(ModelCallException.MODEL_UNAVAILABLE,
                        "the worker is shutting down", true, e), calls, inputTokens, outputTokens, Duration.ZERO));
            }
        }

        /** A step that throws must still end the task, or its permit would never be released. */
        private void guarded(Runnable step) {
            try {
                step.run();
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
