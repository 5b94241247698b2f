package dev.taskfleet.worker.execution;

import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.worker.flow.Scheduler;
import dev.taskfleet.worker.provider.ModelCallException;
import dev.taskfleet.worker.provider.ModelProvider;
import dev.taskfleet.worker.provider.ModelRequest;
import dev.taskfleet.worker.provider.ModelResponse;
import dev.taskfleet.contract.TokenEstimator;
import dev.taskfleet.worker.ratelimit.TierRateLimiter;
import dev.taskfleet.worker.retry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * Makes a task's model calls on one tier: waits for rate-limit capacity, calls, checks the answer
 * against the task's expectation, and retries retryable failures and rejected answers per the
 * {@link RetryPolicy}, until one call gives an acceptable answer or the tier gives up. Every call
 * is logged as a {@link ModelCall}.
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
     * @param response the accepted answer, {@code null} if none
     * @param failure  the last failure ({@link ResultErrorCodes#OUTPUT_REJECTED} for a rejected
     *                 answer), {@code null} on success
     * @param calls    every call made, oldest first
     * @param lastCall how long the last call took, as measured around it
     * @param stopped  the run was stopped (cancelled, or at its team's budget) before a call it
     *                 would have made: no answer and no failure, {@code calls} holds what was paid
     * @param handedOver the task's record went to another pod before its first call here: no call,
     *                 no answer, no failure; the new owner runs the task
     */
    public record Outcome(ModelResponse response, Throwable failure, List<ModelCall> calls, Duration lastCall,
            boolean stopped, boolean handedOver) {

        public Outcome {
            calls = List.copyOf(calls);
        }

        /** An outcome of calls that were not stopped. */
        public Outcome(ModelResponse response, Throwable failure, List<ModelCall> calls, Duration lastCall) {
            this(response, failure, calls, lastCall, false, false);
        }

        static Outcome stoppedAfter(List<ModelCall> calls) {
            return new Outcome(null, null, calls, Duration.ZERO, true, false);
        }

        static Outcome handedOverBeforeCalling() {
            return new Outcome(null, null, List.of(), Duration.ZERO, false, true);
        }
    }

    /** Says why an answer is not what the task asked for, or nothing when it is. */
    @FunctionalInterface
    public interface AnswerCheck {

        /** Accepts every answer. */
        AnswerCheck ANY = answer -> Optional.empty();

        Optional<String> violation(String answer);
    }

    /**
     * Longest a task waiting for rate-limit capacity goes without asking whether it is stopped or
     * handed over: the limiter's own re-check for tokens, applied to request-quota waits and 429
     * pauses too, which can last a minute.
     */
    static final Duration LOOK_AGAIN = TierRateLimiter.RECHECK;

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
                TierRateLimiter.fleetShare(OptionalLong.empty(), OptionalLong.empty(), nanoTime),
                (delay, action) -> action.run(), () -> 0, nanoTime, observer);
    }

    /**
     * @param requestForCall the request of call number {@code n}, starting at 1
     * @param check          judges each answer; a violation is a failed call ({@code OUTPUT_REJECTED})
     */
    public CompletionStage<Outcome> run(IntFunction<ModelRequest> requestForCall, AnswerCheck check) {
        return run(requestForCall, check, () -> false);
    }

    /**
     * As {@link #run(IntFunction, AnswerCheck)}, asking {@code stopped} before every call (after its
     * back-off and again after each rate-limit wait): once it says yes, no further call is made and the
     * outcome is {@link Outcome#stopped()}. A retry or a wait for capacity can last minutes, and a
     * run cancelled or stopped at its budget meanwhile must not pay for another call.
     */
    public CompletionStage<Outcome> run(IntFunction<ModelRequest> requestForCall, AnswerCheck check,
            BooleanSupplier stopped) {
        return run(requestForCall, check, stopped, () -> true);
    }

    /**
     * As {@link #run(IntFunction, AnswerCheck, BooleanSupplier)}, asking {@code owned} too while no
     * call has been made: once it says no, the outcome is {@link Outcome#handedOver()}. A task waiting
     * for rate-limit capacity or a permit when a rebalance gives its partition to another pod is run
     * by that pod from the last committed offset anyway; calling it here as well would pay twice.
     * Once a call is made the task is finished here, so every call paid is on a result.
     */
    public CompletionStage<Outcome> run(IntFunction<ModelRequest> requestForCall, AnswerCheck check,
            BooleanSupplier stopped, BooleanSupplier owned) {
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        new Calls(requestForCall, check, stopped, owned, done).next(Duration.ZERO);
        return done;
    }

    /** The state of one task's calls. Each step runs on whichever thread completed the previous one. */
    private final class Calls {

        private final IntFunction<ModelRequest> requests;
        private final AnswerCheck check;
        private final BooleanSupplier stopped;
        private final BooleanSupplier owned;
        private final CompletableFuture<Outcome> done;
        private final List<ModelCall> log = new ArrayList<>();
        private int calls;
        private int rejections;

        Calls(IntFunction<ModelRequest> requests, AnswerCheck check, BooleanSupplier stopped,
                BooleanSupplier owned, CompletableFuture<Outcome> done) {
            this.requests = requests;
            this.check = check;
            this.stopped = stopped;
            this.owned = owned;
            this.done = done;
        }

        /** Waits {@code backoff}, then for rate-limit capacity, then calls. */
        void next(Duration backoff) {
            later(backoff, () -> {
                if (endedBeforeCall()) {
                    return;
                }
                ModelRequest request = requests.apply(calls + 1);
                long reserved = TokenEstimator.estimate(request.prompt()) + request.maxOutputTokens();
                admit(request, reserved, nanoTime.getAsLong());
            });
        }

        /** Starts the call once the rate limiter grants it, asking again after each wait it names. */
        private void admit(ModelRequest request, long reserved, long waitingSince) {
            if (endedBeforeCall()) {
                return;
            }
            Duration wait = rateLimiter.tryReserve(reserved);
            if (!wait.isZero()) {
                // A request quota's wait can be a minute; a cancellation or a hand-over meanwhile ends the task sooner.
                later(wait.compareTo(LOOK_AGAIN) > 0 ? LOOK_AGAIN : wait, () -> admit(request, reserved, waitingSince));
                return;
            }
            observer.rateLimitWaited(Duration.ofNanos(nanoTime.getAsLong() - waitingSince));
            call(request, reserved);
        }

        /** Ends the run without another call if it was handed over before its first, or stopped. */
        private boolean endedBeforeCall() {
            if (calls == 0 && !owned.getAsBoolean()) {
                done.complete(Outcome.handedOverBeforeCalling());
                return true;
            }
            if (stopped.getAsBoolean()) {
                done.complete(Outcome.stoppedAfter(log));
                return true;
            }
            return false;
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
                rateLimiter.settle(reserved, response.inputTokens() + response.outputTokens(), true);
                answered(response, elapsed);
                return;
            }
            // Providers do not charge for calls that produced nothing.
            rateLimiter.settle(reserved, 0, false);
            log.add(new ModelCall(codeOf(failure), detailOf(failure), elapsed, 0, 0));
            Optional<Duration> delay = Optional.empty();
            if (failure instanceof ModelCallException refused) {
                if (ResultErrorCodes.RATE_LIMITED.equals(refused.code())) {
                    rateLimiter.rateLimited(refused.retryAfter().map(retries::capRetryAfter)
                            .orElse(retries.window(calls)));
                } else if (ResultErrorCodes.AUTH_FAILED.equals(refused.code())) {
                    observer.authFailed();
                }
                delay = retries.delayBeforeRetry(calls, refused, jitter);
            }
            if (delay.isEmpty()) {
                done.complete(new Outcome(null, failure, log, elapsed));
                return;
            }
            observer.retrying(((ModelCallException) failure).code());
            next(delay.get());
        }

        /** The provider answered: the answer is charged whether the task accepts it or not. */
        private void answered(ModelResponse response, Duration elapsed) {
            Optional<String> violation = check.violation(response.output());
            if (violation.isEmpty()) {
                log.add(new ModelCall(AttemptRecord.SUCCEEDED, null, response.latency(), response.inputTokens(),
                        response.outputTokens()));
                done.complete(new Outcome(response, null, log, elapsed));
                return;
            }
            rejections++;
            observer.outputRejected();
            log.add(new ModelCall(ResultErrorCodes.OUTPUT_REJECTED, violation.get(), response.latency(),
                    response.inputTokens(), response.outputTokens()));
            if (retries.askAgainAfterRejection(calls, rejections)) {
                observer.retrying(ResultErrorCodes.OUTPUT_REJECTED);
                next(Duration.ZERO);
                return;
            }
            done.complete(new Outcome(null, new ModelCallException(ResultErrorCodes.OUTPUT_REJECTED,
                    violation.get(), false), log, elapsed));
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
                done.complete(new Outcome(null, new ModelCallException(ResultErrorCodes.MODEL_UNAVAILABLE,
                        "the worker is shutting down", true, e), log, Duration.ZERO));
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

    /** The error code of a failure; a provider breaking its contract is a {@code PROVIDER_ERROR}. */
    static String codeOf(Throwable failure) {
        return failure instanceof ModelCallException call ? call.code() : ResultErrorCodes.PROVIDER_ERROR;
    }

    /** One line on a failure, never the prompt. */
    static String detailOf(Throwable failure) {
        if (failure instanceof ModelCallException call) {
            return call.getMessage() != null ? call.getMessage() : "model call failed with " + call.code();
        }
        return TaskExecutor.describe(failure);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
