package dev.taskfleet.worker.execution;

import static dev.taskfleet.testkit.AttemptBuilder.anAttempt;
import static dev.taskfleet.testkit.BatchEventBuilder.aBatchEvent;
import static dev.taskfleet.testkit.RoutedTaskBuilder.aRoutedTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.EscalationRequest;
import dev.taskfleet.contract.OutputExpectation;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.worker.cancellation.CancellationRegistry;
import dev.taskfleet.worker.cost.Price;
import dev.taskfleet.worker.escalation.EscalationPolicy;
import dev.taskfleet.worker.provider.ModelCallException;
import dev.taskfleet.worker.provider.ModelProvider;
import dev.taskfleet.worker.provider.ModelRequest;
import dev.taskfleet.worker.provider.ModelResponse;
import dev.taskfleet.worker.ratelimit.TierRateLimiter;
import dev.taskfleet.worker.retry.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TaskExecutorTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final TierProfile FAST = new TierProfile("fast", "sim-fast", 512, new Price(0.15, 0.60));

    private final AtomicLong nanos = new AtomicLong();
    private final List<String> calls = new ArrayList<>();

    private TaskExecutor executor(ModelProvider provider) {
        return new TaskExecutor(provider, FAST, "worker-1", Clock.fixed(NOW, ZoneOffset.UTC), nanos::get,
                (succeeded, elapsed) -> calls.add((succeeded ? "success " : "failure ") + elapsed.toMillis()));
    }

    private static TaskResult finalResult(CompletionStage<Verdict> verdict) {
        return ((Verdict.Final) verdict.toCompletableFuture().join()).result();
    }

    private static final AttemptRecord EARLIER = anAttempt().model("sim-fast")
            .failed("OUTPUT_REJECTED", "the answer is not valid JSON").latencyMs(800).tokens(1_000, 200).cost(0.00027)
            .build();

    /** The task as the router re-places it on {@code tier} after an escalation, with one earlier call. */
    private static RoutedTask escalatedTo(String tier, Task task) {
        return aRoutedTask().task(task).onTier(tier).attempt(2).routing("escalation", 0, "escalated from fast")
                .history(EARLIER).build();
    }

    private static final TierProfile QUALITY = new TierProfile("quality", "sim-quality", 512, new Price(3, 15));

    /** An executor for {@code tier} in a fleet of fast,quality that has cancelled {@code cancellations}. */
    private TaskExecutor executorOf(TierProfile tier, ModelProvider provider, CancellationRegistry cancellations) {
        return new TaskExecutor(ModelCallRunner.singleCall(provider, nanos::get, ModelCallObserver.NONE), 1, tier,
                "worker-1", Clock.fixed(NOW, ZoneOffset.UTC), ModelCallObserver.NONE,
                new EscalationPolicy(List.of("fast", "quality")), cancellations);
    }

    private static ModelProvider answering(String answer) {
        return request -> CompletableFuture.completedFuture(new ModelResponse(answer, 2_000, 100, Duration.ofMillis(900)));
    }

    @Test
    void aSuccessAfterAnEarlierPlacementCarriesTheWholeHistoryAndItsTotals() {
        Task task = TaskBuilder.task().id("t-9").team("payments").run(2).createdAt(NOW.minusSeconds(60)).build();

        TaskResult result = finalResult(executorOf(QUALITY, answering("done"), new CancellationRegistry())
                .execute(escalatedTo("quality", task)));

        assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(result.history()).hasSize(2);
        assertThat(result.history().get(0)).isEqualTo(EARLIER);
        assertThat(result.history().get(1)).satisfies(call -> {
            assertThat(call.tier()).isEqualTo("quality");
            assertThat(call.model()).isEqualTo("sim-quality");
            assertThat(call.outcome()).isEqualTo(AttemptRecord.SUCCEEDED);
            assertThat(call.detail()).isNull();
            assertThat(call.latencyMs()).isEqualTo(900);
            assertThat(call.costUsd()).isCloseTo(2_000 * 3 / 1e6 + 100 * 15 / 1e6, within(1e-12));
        });
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(result.inputTokens()).isEqualTo(3_000);
        assertThat(result.outputTokens()).isEqualTo(300);
        assertThat(result.costUsd()).isCloseTo(0.00027 + 0.0075, within(1e-12));
        assertThat(result.team()).isEqualTo("payments");
        assertThat(result.run()).isEqualTo(2);
        assertThat(result.submittedAt()).isEqualTo(NOW.minusSeconds(60));
    }

    @Test
    void anAnswerFailingItsExpectationOnFastEscalatesWithTheReasonInTheHistory() {
        RoutedTask routed = TaskBuilder.task().id("t-10").expect(OutputExpectation.json()).routedTo("fast");

        Verdict verdict = executorOf(FAST, answering("Sure! Here is some prose."), new CancellationRegistry())
                .execute(routed).toCompletableFuture().join();

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Escalate.class, escalate -> {
            EscalationRequest request = escalate.request();
            assertThat(request.routed()).isEqualTo(routed);
            assertThat(request.error().code()).isEqualTo(ResultErrorCodes.OUTPUT_REJECTED);
            assertThat(request.workerId()).isEqualTo("worker-1");
            assertThat(request.requestedAt()).isEqualTo(NOW);
            assertThat(request.history()).singleElement().satisfies(call -> {
                assertThat(call.outcome()).isEqualTo(ResultErrorCodes.OUTPUT_REJECTED);
                assertThat(call.detail()).isEqualTo("the answer is not valid JSON");
                assertThat(call.inputTokens()).isEqualTo(2_000);
            });
        });
    }

    @Test
    void anAnswerFailingItsExpectationOnTheTopTierIsAFailedResultListingEveryCall() {
        Task task = TaskBuilder.task().id("t-11").expect(OutputExpectation.regex("^\\d+$")).build();

        TaskResult result = finalResult(executorOf(QUALITY, answering("forty-two"), new CancellationRegistry())
                .execute(escalatedTo("quality", task)));

        assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
        assertThat(result.error().code()).isEqualTo(ResultErrorCodes.OUTPUT_REJECTED);
        assertThat(result.error().message()).contains("does not match the pattern");
        assertThat(result.history()).extracting(AttemptRecord::tier).containsExactly("fast", "quality");
        assertThat(result.history()).extracting(AttemptRecord::outcome)
                .containsExactly("OUTPUT_REJECTED", "OUTPUT_REJECTED");
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(result.inputTokens()).isEqualTo(3_000);
    }

    @Test
    void anAuthenticationFailureIsAFailedResultEvenWithAHigherTier() {
        ModelProvider refused = request -> CompletableFuture.failedFuture(
                new ModelCallException(ResultErrorCodes.AUTH_FAILED, "HTTP 401", false));

        Verdict verdict = executorOf(FAST, refused, new CancellationRegistry())
                .execute(TaskBuilder.task().routedTo("fast")).toCompletableFuture().join();

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Final.class, done -> {
            assertThat(done.result().status()).isEqualTo(ResultStatus.FAILED);
            assertThat(done.result().error().code()).isEqualTo(ResultErrorCodes.AUTH_FAILED);
        });
    }

    @Test
    void aBudgetStopReadWhileATaskRetriesEndsItBudgetExceededWithTheCallsAlreadyPaid() {
        CancellationRegistry stops = new CancellationRegistry();
        AtomicLong modelCalls = new AtomicLong();
        // The first call fails and, meanwhile, the team's budget runs out: the retry must not be sent.
        ModelProvider failsOnceAsTheBudgetRunsOut = request -> {
            modelCalls.incrementAndGet();
            stops.onEvent(aBatchEvent().batch("b-8").team("default").type(BatchEvent.Type.BUDGET_EXCEEDED)
                    .occurredAt(NOW).taskCount(0).run(1).build());
            return CompletableFuture.failedFuture(new ModelCallException(ResultErrorCodes.PROVIDER_ERROR, "500", true));
        };
        ModelCallRunner retrying = new ModelCallRunner(failsOnceAsTheBudgetRunsOut,
                new RetryPolicy(3, Duration.ofSeconds(1), 2, Duration.ofSeconds(10)),
                TierRateLimiter.fleetShare(OptionalLong.empty(), OptionalLong.empty(), nanos::get),
                (delay, action) -> action.run(), () -> 0.5, nanos::get, ModelCallObserver.NONE);
        TaskExecutor executor = new TaskExecutor(retrying, 3, FAST, "worker-1", Clock.fixed(NOW, ZoneOffset.UTC),
                ModelCallObserver.NONE, new EscalationPolicy(List.of("fast", "quality")), stops);
        Task task = TaskBuilder.task().id("t-13").batch("b-8").build();

        TaskResult result = finalResult(executor.execute(aRoutedTask().task(task).onTier("fast").build()));

        assertThat(result.status()).isEqualTo(ResultStatus.BUDGET_EXCEEDED);
        assertThat(modelCalls).hasValue(1);
        assertThat(result.history()).singleElement()
                .satisfies(call -> assertThat(call.outcome()).isEqualTo(ResultErrorCodes.PROVIDER_ERROR));
    }

    @Test
    void aTaskOfACancelledBatchRunEndsCancelledWithoutACall() {
        CancellationRegistry cancellations = new CancellationRegistry();
        cancellations.onEvent(aBatchEvent().batch("b-7").team("default").cancelled().occurredAt(NOW).build());
        ModelProvider mustNotBeCalled = request -> {
            throw new AssertionError("called the model for a cancelled task");
        };
        Task task = TaskBuilder.task().id("t-12").batch("b-7").build();

        TaskResult result = finalResult(executorOf(QUALITY, mustNotBeCalled, cancellations)
                .execute(escalatedTo("quality", task)));

        assertThat(result.status()).isEqualTo(ResultStatus.CANCELLED);
        assertThat(result.error()).isNull();
        assertThat(result.history()).containsExactly(EARLIER);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.costUsd()).isCloseTo(0.00027, within(1e-12));
    }

    @Test
    void aSuccessfulCallBecomesASucceededResultWithTokensCostAndRouting() {
        RoutedTask routed = TaskBuilder.task().id("t-1").batch("b-1").type("refactor").routedTo("fast");
        AtomicReference<ModelRequest> sent = new AtomicReference<>();
        TaskExecutor executor = executor(request -> {
            sent.set(request);
            nanos.addAndGet(Duration.ofMillis(120).toNanos());
            return CompletableFuture.completedFuture(new ModelResponse("done", 1_000, 500, Duration.ofMillis(110)));
        });

        TaskResult result = finalResult(executor.execute(routed));

        assertThat(sent.get().model()).isEqualTo("sim-fast");
        assertThat(sent.get().maxOutputTokens()).isEqualTo(512);
        assertThat(sent.get().taskId()).isEqualTo("t-1");
        assertThat(sent.get().attempt()).isEqualTo(1);
        assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(result.taskId()).isEqualTo("t-1");
        assertThat(result.batchId()).isEqualTo("b-1");
        assertThat(result.taskType()).isEqualTo("refactor");
        assertThat(result.tier()).isEqualTo("fast");
        assertThat(result.model()).isEqualTo("sim-fast");
        assertThat(result.output()).isEqualTo("done");
        assertThat(result.error()).isNull();
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.inputTokens()).isEqualTo(1_000);
        assertThat(result.outputTokens()).isEqualTo(500);
        assertThat(result.costUsd()).isCloseTo(0.00045, within(1e-12));
        assertThat(result.latencyMs()).isEqualTo(110);
        assertThat(result.workerId()).isEqualTo("worker-1");
        assertThat(result.finishedAt()).isEqualTo(NOW);
        assertThat(result.routing()).isEqualTo(routed.routing());
        assertThat(calls).containsExactly("success 120");
    }

    @Test
    void aFailedCallBecomesAFailedResultWithTheProvidersCode() {
        RoutedTask routed = TaskBuilder.task().id("t-2").routedTo("fast");
        TaskExecutor executor = executor(request -> {
            nanos.addAndGet(Duration.ofMillis(300).toNanos());
            return CompletableFuture.failedFuture(
                    new ModelCallException(ResultErrorCodes.MODEL_UNAVAILABLE, "overloaded", true));
        });

        TaskResult result = finalResult(executor.execute(routed));

        assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
        assertThat(result.error().code()).isEqualTo(ResultErrorCodes.MODEL_UNAVAILABLE);
        assertThat(result.error().message()).isEqualTo("overloaded");
        assertThat(result.output()).isNull();
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.inputTokens()).isZero();
        assertThat(result.costUsd()).isZero();
        assertThat(result.latencyMs()).isEqualTo(300);
        assertThat(result.model()).isEqualTo("sim-fast");
        assertThat(result.routing()).isEqualTo(routed.routing());
        assertThat(calls).containsExactly("failure 300");
    }

    @Test
    void aProviderThatThrowsInsteadOfFailingTheStageStillYieldsAResult() {
        TaskExecutor executor = executor(request -> {
            throw new ModelCallException(ResultErrorCodes.UNKNOWN_MODEL, "no such model", false);
        });

        TaskResult result = finalResult(executor.execute(TaskBuilder.task().routedTo("fast")));

        assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
        assertThat(result.error().code()).isEqualTo(ResultErrorCodes.UNKNOWN_MODEL);
    }

    @Test
    void anUnexpectedProviderFailureIsReportedAsAProviderError() {
        TaskExecutor executor = executor(request -> CompletableFuture.failedFuture(new IllegalStateException("bug")));

        TaskResult result = finalResult(executor.execute(TaskBuilder.task().routedTo("fast")));

        assertThat(result.error().code()).isEqualTo(TaskExecutor.PROVIDER_ERROR);
        assertThat(result.error().message()).contains("IllegalStateException", "bug");
    }

    @Test
    void aModelCallExceptionWithoutAMessageStillYieldsAResult() {
        TaskExecutor executor = executor(request -> CompletableFuture.failedFuture(
                new ModelCallException(ResultErrorCodes.MODEL_UNAVAILABLE, null, true)));

        TaskResult result = finalResult(executor.execute(TaskBuilder.task().routedTo("fast")));

        assertThat(result.error().code()).isEqualTo(ResultErrorCodes.MODEL_UNAVAILABLE);
        assertThat(result.error().message()).contains(ResultErrorCodes.MODEL_UNAVAILABLE);
    }

    @Test
    void aProviderFailureWithoutAMessageIsNamedByItsClass() {
        TaskExecutor executor = executor(request -> CompletableFuture.failedFuture(new IllegalStateException()));

        TaskResult result = finalResult(executor.execute(TaskBuilder.task().routedTo("fast")));

        assertThat(result.error().message()).isEqualTo("IllegalStateException");
    }
}
