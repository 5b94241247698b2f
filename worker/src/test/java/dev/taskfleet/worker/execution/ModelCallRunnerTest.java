package dev.taskfleet.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.worker.flow.ManualScheduler;
import dev.taskfleet.worker.provider.ModelCallException;
import dev.taskfleet.worker.provider.ModelRequest;
import dev.taskfleet.worker.provider.ModelResponse;
import dev.taskfleet.worker.ratelimit.TierRateLimiter;
import dev.taskfleet.worker.retry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Retries and rate-limit waits on a hand-driven clock: nothing waits on a thread, and one task's wait holds up no other. */
class ModelCallRunnerTest {

    private static final RetryPolicy RETRIES = new RetryPolicy(3, Duration.ofSeconds(1), 2, Duration.ofSeconds(30));

    private final ManualScheduler time = new ManualScheduler();
    private final List<ModelRequest> sent = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    /** The failures the prompt "flaky" gets, in order, before it succeeds; other prompts always succeed. */
    private final List<ModelCallException> failuresForFlaky = new ArrayList<>();

    private final ModelCallObserver observer = new ModelCallObserver() {
        @Override
        public void callFinished(boolean succeeded, Duration elapsed) {
            events.add(succeeded ? "success" : "failure");
        }

        @Override
        public void retrying(String code) {
            events.add("retry " + code);
        }

        @Override
        public void rateLimitWaited(Duration waited) {
            if (!waited.isZero()) {
                events.add("waited " + waited.toMillis());
            }
        }
    };

    private CompletionStage<ModelResponse> answer(ModelRequest request) {
        sent.add(request);
        if (request.prompt().equals("flaky") && !failuresForFlaky.isEmpty()) {
            return CompletableFuture.failedFuture(failuresForFlaky.remove(0));
        }
        return CompletableFuture.completedFuture(new ModelResponse("ok", 100, 20, Duration.ofMillis(5)));
    }

    private ModelCallRunner runner(TierRateLimiter limiter) {
        return new ModelCallRunner(this::answer, RETRIES, limiter, time, new Random(42)::nextDouble, time::nanoTime,
                observer);
    }

    private TierRateLimiter unlimited() {
        return TierRateLimiter.fleetShare(OptionalLong.empty(), OptionalLong.empty(), time::nanoTime);
    }

    private static CompletableFuture<ModelCallRunner.Outcome> run(ModelCallRunner runner, String prompt) {
        return run(runner, prompt, ModelCallRunner.AnswerCheck.ANY);
    }

    private static CompletableFuture<ModelCallRunner.Outcome> run(ModelCallRunner runner, String prompt,
            ModelCallRunner.AnswerCheck check) {
        return runner.run(call -> new ModelRequest("m", prompt, 50, "task-" + prompt, call, null, Map.of()), check)
                .toCompletableFuture();
    }

    private static ModelCallException unavailable() {
        return new ModelCallException(ResultErrorCodes.PROVIDER_ERROR, "HTTP 503", true);
    }

    @Test
    void retriesOnATimerAndCountsEveryCall() {
        failuresForFlaky.add(unavailable());
        failuresForFlaky.add(unavailable());
        ModelCallRunner runner = runner(unlimited());

        CompletableFuture<ModelCallRunner.Outcome> outcome = run(runner, "flaky");

        assertThat(outcome).isNotDone();
        assertThat(time.pending()).isEqualTo(1);
        time.advance(RETRIES.window(1));
        assertThat(outcome).isNotDone();
        time.advance(RETRIES.window(2));

        ModelCallRunner.Outcome done = outcome.join();
        assertThat(done.failure()).isNull();
        assertThat(done.calls()).extracting(ModelCall::outcome)
                .containsExactly("PROVIDER_ERROR", "PROVIDER_ERROR", "SUCCEEDED");
        assertThat(done.calls()).extracting(ModelCall::inputTokens).containsExactly(0L, 0L, 100L);
        assertThat(done.calls()).extracting(ModelCall::outputTokens).containsExactly(0L, 0L, 20L);
        assertThat(done.calls().get(0).detail()).isEqualTo("HTTP 503");
        assertThat(sent).extracting(ModelRequest::attempt).containsExactly(1, 2, 3);
        assertThat(events).containsExactly("failure", "retry PROVIDER_ERROR", "failure", "retry PROVIDER_ERROR",
                "success");
    }

    @Test
    void aRunStoppedWhileATaskWaitsToRetryMakesNoFurtherCall() {
        failuresForFlaky.add(unavailable());
        AtomicBoolean stopped = new AtomicBoolean();

        CompletableFuture<ModelCallRunner.Outcome> outcome = runner(unlimited())
                .run(call -> new ModelRequest("m", "flaky", 50, "task-flaky", call, null, Map.of()),
                        ModelCallRunner.AnswerCheck.ANY, stopped::get)
                .toCompletableFuture();
        assertThat(outcome).as("waiting to retry").isNotDone();
        stopped.set(true);
        time.advance(Duration.ofMinutes(1));

        ModelCallRunner.Outcome done = outcome.join();
        assertThat(done.stopped()).isTrue();
        assertThat(done.failure()).isNull();
        assertThat(done.calls()).as("the call already made, and nothing after").hasSize(1);
        assertThat(sent).hasSize(1);
    }

    @Test
    void aTaskHandedOverWhileItWaitsForCapacityEndsWithoutACallWithinALook() {
        // 1 per minute: the first call takes it, the next would wait a minute.
        TierRateLimiter limiter = TierRateLimiter.fleetShare(OptionalLong.of(1), OptionalLong.empty(), time::nanoTime);
        ModelCallRunner runner = runner(limiter);
        AtomicBoolean owned = new AtomicBoolean(true);

        CompletableFuture<ModelCallRunner.Outcome> first = run(runner, "a");
        CompletableFuture<ModelCallRunner.Outcome> waiting = runner
                .run(call -> new ModelRequest("m", "b", 50, "task-b", call, null, Map.of()),
                        ModelCallRunner.AnswerCheck.ANY, () -> false, owned::get)
                .toCompletableFuture();
        assertThat(first).isCompleted();
        time.advance(Duration.ofSeconds(5));
        assertThat(waiting).as("still waiting for the quota").isNotDone();

        owned.set(false);
        time.advance(ModelCallRunner.LOOK_AGAIN);

        assertThat(waiting).as("ended at its next look, not after the minute").isCompleted();
        ModelCallRunner.Outcome done = waiting.join();
        assertThat(done.handedOver()).isTrue();
        assertThat(done.stopped()).isFalse();
        assertThat(done.failure()).isNull();
        assertThat(done.calls()).isEmpty();
        assertThat(sent).as("only the first task's call").hasSize(1);
    }

    @Test
    void aTaskHandedOverAfterItsFirstCallFinishesHereSoEveryPaidCallIsOnAResult() {
        failuresForFlaky.add(unavailable());
        AtomicBoolean owned = new AtomicBoolean(true);

        CompletableFuture<ModelCallRunner.Outcome> outcome = runner(unlimited())
                .run(call -> new ModelRequest("m", "flaky", 50, "task-flaky", call, null, Map.of()),
                        ModelCallRunner.AnswerCheck.ANY, () -> false, owned::get)
                .toCompletableFuture();
        assertThat(outcome).as("waiting to retry").isNotDone();
        owned.set(false);
        time.advance(Duration.ofMinutes(1));

        ModelCallRunner.Outcome done = outcome.join();
        assertThat(done.handedOver()).isFalse();
        assertThat(done.failure()).isNull();
        assertThat(done.calls()).extracting(ModelCall::outcome).containsExactly("PROVIDER_ERROR", "SUCCEEDED");
    }

    @Test
    void givesUpAtTheAttemptLimitWithTheLastFailure() {
        for (int i = 0; i < 5; i++) {
            failuresForFlaky.add(unavailable());
        }

        CompletableFuture<ModelCallRunner.Outcome> outcome = run(runner(unlimited()), "flaky");
        time.advance(Duration.ofMinutes(1));

        assertThat(outcome.join().calls()).hasSize(3);
        assertThat(outcome.join().failure()).isInstanceOf(ModelCallException.class);
        assertThat(sent).hasSize(3);
    }

    @Test
    void aTaskWaitingToRetryDoesNotHoldUpOtherTasks() {
        failuresForFlaky.add(unavailable());
        ModelCallRunner runner = runner(unlimited());

        CompletableFuture<ModelCallRunner.Outcome> waiting = run(runner, "flaky");
        CompletableFuture<ModelCallRunner.Outcome> other = run(runner, "steady");

        assertThat(waiting).isNotDone();
        assertThat(other).isCompleted();
        assertThat(other.join().calls()).hasSize(1);
    }

    @Test
    void waitsForRateLimitCapacityOnATimer() {
        // 6 per minute: one saved up, then one every 10 s.
        TierRateLimiter limiter = TierRateLimiter.fleetShare(OptionalLong.of(6), OptionalLong.empty(),
                time::nanoTime);
        ModelCallRunner runner = runner(limiter);

        CompletableFuture<ModelCallRunner.Outcome> first = run(runner, "a");
        CompletableFuture<ModelCallRunner.Outcome> second = run(runner, "b");

        assertThat(first).isCompleted();
        assertThat(second).isNotDone();
        assertThat(sent).hasSize(1);
        time.advance(Duration.ofMillis(9_999));
        assertThat(sent).hasSize(1);
        time.advance(Duration.ofMillis(1));
        assertThat(second).isCompleted();
        assertThat(events).contains("waited 10000");
    }

    @Test
    void a429PausesEveryTaskOfTheTierForTheRetryAfter() {
        failuresForFlaky.add(new ModelCallException(ResultErrorCodes.RATE_LIMITED, "429", true,
                Duration.ofSeconds(5), null));
        ModelCallRunner runner = runner(unlimited());

        CompletableFuture<ModelCallRunner.Outcome> limited = run(runner, "flaky");
        CompletableFuture<ModelCallRunner.Outcome> next = run(runner, "steady");

        assertThat(next).isNotDone();
        time.advance(Duration.ofMillis(4_999));
        assertThat(sent).hasSize(1);
        time.advance(Duration.ofMillis(1));
        assertThat(next).isCompleted();
        assertThat(limited).isCompleted();
        assertThat(limited.join().calls()).hasSize(2);
    }

    @Test
    void aPermanentFailureIsNotRetried() {
        failuresForFlaky.add(new ModelCallException(ResultErrorCodes.CONTEXT_LENGTH, "too long", false));

        ModelCallRunner.Outcome outcome = run(runner(unlimited()), "flaky").join();

        assertThat(outcome.calls()).hasSize(1);
        assertThat(((ModelCallException) outcome.failure()).code()).isEqualTo(ResultErrorCodes.CONTEXT_LENGTH);
        assertThat(time.pending()).isZero();
    }

    @Test
    void aRejectedAnswerIsAFailedCallThatIsChargedAndEndsTheTierAtTheRejectionLimit() {
        List<String> rejected = new ArrayList<>();
        ModelCallRunner runner = new ModelCallRunner(this::answer, RETRIES, unlimited(), time,
                new Random(42)::nextDouble, time::nanoTime, new ModelCallObserver() {
                    @Override
                    public void callFinished(boolean succeeded, Duration elapsed) {
                    }

                    @Override
                    public void outputRejected() {
                        rejected.add("rejected");
                    }
                });

        ModelCallRunner.Outcome outcome = run(runner, "steady", answer -> Optional.of("not JSON")).join();

        assertThat(outcome.response()).isNull();
        assertThat(outcome.failure()).isInstanceOfSatisfying(ModelCallException.class, failure -> {
            assertThat(failure.code()).isEqualTo(ResultErrorCodes.OUTPUT_REJECTED);
            assertThat(failure.getMessage()).isEqualTo("not JSON");
        });
        assertThat(outcome.calls()).singleElement().satisfies(call -> {
            assertThat(call.outcome()).isEqualTo(ResultErrorCodes.OUTPUT_REJECTED);
            assertThat(call.detail()).isEqualTo("not JSON");
            assertThat(call.inputTokens()).isEqualTo(100);
            assertThat(call.outputTokens()).isEqualTo(20);
        });
        assertThat(rejected).hasSize(1);
        assertThat(sent).hasSize(1);
    }

    @Test
    void aTierAllowingTwoRejectionsAsksAgainAtOnceAndAcceptsABetterAnswer() {
        RetryPolicy twoRejections = new RetryPolicy(3, Duration.ofSeconds(1), 2, Duration.ofSeconds(30),
                Duration.ofSeconds(60), 2);
        ModelCallRunner runner = new ModelCallRunner(this::answer, twoRejections, unlimited(), time,
                new Random(42)::nextDouble, time::nanoTime, observer);
        List<Optional<String>> verdicts = new ArrayList<>(List.of(Optional.of("no digits"), Optional.empty()));

        ModelCallRunner.Outcome outcome = run(runner, "steady", answer -> verdicts.remove(0)).join();

        assertThat(outcome.failure()).isNull();
        assertThat(outcome.response().output()).isEqualTo("ok");
        assertThat(outcome.calls()).extracting(ModelCall::outcome).containsExactly("OUTPUT_REJECTED", "SUCCEEDED");
        assertThat(sent).extracting(ModelRequest::attempt).containsExactly(1, 2);
        assertThat(time.pending()).isZero();
        assertThat(events).containsExactly("success", "retry OUTPUT_REJECTED", "success");
    }

    @Test
    void aRetryAfterLongerThanTheCapIsWaitedForOnlyUpToTheCap() {
        RetryPolicy capped = new RetryPolicy(3, Duration.ofMillis(10), 2, Duration.ofMillis(10),
                Duration.ofSeconds(2), 1);
        failuresForFlaky.add(new ModelCallException(ResultErrorCodes.RATE_LIMITED, "429", true,
                Duration.ofSeconds(30), null));
        ModelCallRunner runner = new ModelCallRunner(this::answer, capped, unlimited(), time,
                new Random(42)::nextDouble, time::nanoTime, observer);

        CompletableFuture<ModelCallRunner.Outcome> outcome = run(runner, "flaky");
        time.advance(Duration.ofMillis(1_999));
        assertThat(sent).hasSize(1);
        time.advance(Duration.ofMillis(1));

        assertThat(outcome).isCompleted();
        assertThat(sent).hasSize(2);
    }

    @Test
    void aSchedulerThatIsShuttingDownEndsTheTaskInsteadOfLosingIt() {
        failuresForFlaky.add(unavailable());
        ModelCallRunner runner = new ModelCallRunner(this::answer, RETRIES, unlimited(), (delay, action) -> {
            throw new RejectedExecutionException("shut down");
        }, () -> 0.5, time::nanoTime, observer);

        ModelCallRunner.Outcome outcome = run(runner, "flaky").join();

        assertThat(outcome.calls()).hasSize(1);
        assertThat(((ModelCallException) outcome.failure()).code()).isEqualTo(ResultErrorCodes.MODEL_UNAVAILABLE);
    }
}
