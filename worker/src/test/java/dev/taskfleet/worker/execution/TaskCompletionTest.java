package dev.taskfleet.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.EscalationRequest;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.worker.cancellation.CancellationRegistry;
import dev.taskfleet.worker.cost.Price;
import dev.taskfleet.worker.escalation.EscalationPolicy;
import dev.taskfleet.worker.execution.TaskCompletion.Escalated;
import dev.taskfleet.worker.execution.TaskCompletion.Outcome;
import dev.taskfleet.worker.execution.TaskCompletion.Published;
import dev.taskfleet.worker.execution.TaskCompletion.Refused;
import dev.taskfleet.worker.execution.TaskCompletion.Unpublishable;
import dev.taskfleet.worker.provider.ModelCallException;
import dev.taskfleet.worker.provider.ModelProvider;
import dev.taskfleet.worker.provider.ModelResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class TaskCompletionTest {

    private static final TierProfile FAST = new TierProfile("fast", "sim-fast", 512, new Price(0.15, 0.60));
    private static final String SECRET_PROMPT = "the user's secret prompt";
    private static final RoutedTask ROUTED =
            TaskBuilder.task().id("t-1").batch("b-1").prompt(SECRET_PROMPT).routedTo("fast");
    private static final ModelProvider ANSWERS =
            request -> CompletableFuture.completedFuture(new ModelResponse("done", 10, 5, Duration.ofMillis(20)));

    /** Every result offered to the sink, published or not. */
    private final List<TaskResult> offered = new ArrayList<>();

    private static TaskExecutor executor(ModelProvider provider, ModelCallObserver observer) {
        return new TaskExecutor(provider, FAST, "worker-1", Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), () -> 0L,
                observer);
    }

    /** A sink that fails with {@code failure} for the results {@code rejects} matches and acknowledges the rest. */
    private TaskCompletion.ResultSink sink(Predicate<TaskResult> rejects, RuntimeException failure) {
        return result -> {
            offered.add(result);
            return rejects.test(result) ? CompletableFuture.failedFuture(failure) : CompletableFuture.completedFuture(null);
        };
    }

    private static Outcome complete(TaskExecutor executor, TaskCompletion.ResultSink sink) {
        return new TaskCompletion(executor, sink, request -> {
            throw new AssertionError("nothing escalates on the fleet's only tier");
        }).complete(ROUTED).toCompletableFuture().join();
    }

    /** An executor on tier fast of fast,quality whose every call times out: its tasks escalate. */
    private static TaskExecutor escalating() {
        ModelProvider timesOut = request -> CompletableFuture.failedFuture(
                new ModelCallException(ResultErrorCodes.TIMEOUT, "no answer in 60 s", true));
        return new TaskExecutor(ModelCallRunner.singleCall(timesOut, () -> 0L, ModelCallObserver.NONE), 1, FAST,
                "worker-1", Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), ModelCallObserver.NONE,
                new EscalationPolicy(List.of("fast", "quality")), new CancellationRegistry());
    }

    @Test
    void anEscalatedTaskIsEscalatedOnceKafkaAcknowledgesTheRequestAndGetsNoResult() {
        List<EscalationRequest> sent = new ArrayList<>();
        Outcome outcome = new TaskCompletion(escalating(), sink(r -> false, null), request -> {
            sent.add(request);
            return CompletableFuture.completedFuture(null);
        }).complete(ROUTED).toCompletableFuture().join();

        assertThat(offered).isEmpty();
        assertThat(sent).hasSize(1);
        assertThat(outcome).isInstanceOfSatisfying(Escalated.class, escalated -> {
            assertThat(escalated.request().error().code()).isEqualTo(ResultErrorCodes.TIMEOUT);
            assertThat(escalated.request().history()).extracting(AttemptRecord::outcome)
                    .containsExactly(ResultErrorCodes.TIMEOUT);
        });
    }

    @Test
    void aRefusedEscalationRequestIsRefused() {
        IllegalStateException kafkaSaysNo = new IllegalStateException("not enough replicas");

        Outcome outcome = new TaskCompletion(escalating(), sink(r -> false, null),
                request -> CompletableFuture.failedFuture(kafkaSaysNo)).complete(ROUTED).toCompletableFuture().join();

        assertThat(offered).isEmpty();
        assertThat(outcome).isInstanceOfSatisfying(Refused.class,
                refused -> assertThat(refused.failure()).isSameAs(kafkaSaysNo));
    }

    @Test
    void anEscalationRequestThatCannotBeEncodedBecomesAWorkerErrorResult() {
        Outcome outcome = new TaskCompletion(escalating(), sink(r -> false, null),
                request -> CompletableFuture.failedFuture(encodingFailure())).complete(ROUTED).toCompletableFuture()
                .join();

        assertThat(outcome).isInstanceOfSatisfying(Published.class,
                published -> assertThat(published.result().error().code()).isEqualTo(ResultErrorCodes.WORKER_ERROR));
    }

    private static ResultEncodingException encodingFailure() {
        return new ResultEncodingException("t-1", new IllegalStateException("cannot write"));
    }

    @Test
    void aNormalResultIsPublished() {
        Outcome outcome = complete(executor(ANSWERS, (ok, elapsed) -> { }), sink(r -> false, null));

        assertThat(outcome).isInstanceOfSatisfying(Published.class, published -> {
            assertThat(published.result().status()).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(published.defect()).isNull();
        });
    }

    @Test
    void aTaskHandedOverBeforeItsFirstCallIsNeitherCalledNorPublished() {
        List<String> called = new ArrayList<>();
        ModelProvider recording = request -> {
            called.add(request.taskId());
            return ANSWERS.complete(request);
        };

        Outcome outcome = new TaskCompletion(executor(recording, ModelCallObserver.NONE), sink(r -> false, null),
                request -> {
                    throw new AssertionError("a handed-over task asks for no stronger tier");
                }).complete(ROUTED, () -> false).toCompletableFuture().join();

        assertThat(outcome).isInstanceOf(TaskCompletion.HandedOver.class);
        assertThat(called).isEmpty();
        assertThat(offered).isEmpty();
    }

    @Test
    void anExecutorThatThrowsYieldsAPublishedWorkerErrorResult() {
        // The observer runs while the executor builds the result: its failure is a worker defect.
        TaskExecutor broken = executor(ANSWERS, (ok, elapsed) -> {
            throw new IllegalStateException("metrics broke");
        });

        Outcome outcome = complete(broken, sink(r -> false, null));

        assertThat(outcome).isInstanceOfSatisfying(Published.class, published -> {
            TaskResult result = published.result();
            assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
            assertThat(result.error().code()).isEqualTo(ResultErrorCodes.WORKER_ERROR);
            assertThat(result.error().message()).isEqualTo("IllegalStateException: metrics broke")
                    .doesNotContain(SECRET_PROMPT);
            assertThat(result.taskId()).isEqualTo("t-1");
            assertThat(result.batchId()).isEqualTo("b-1");
            assertThat(result.tier()).isEqualTo("fast");
            assertThat(result.costUsd()).isZero();
            assertThat(published.defect()).hasMessage("metrics broke");
        });
    }

    @Test
    void aProviderReturningNoStageYieldsAWorkerErrorResult() {
        Outcome outcome = complete(executor(request -> null, (ok, elapsed) -> { }), sink(r -> false, null));

        assertThat(outcome).isInstanceOfSatisfying(Published.class,
                published -> assertThat(published.result().error().code()).isEqualTo(ResultErrorCodes.WORKER_ERROR));
    }

    @Test
    void aResultThatCannotBeEncodedIsReplacedByAWorkerErrorResult() {
        Outcome outcome = complete(executor(ANSWERS, (ok, elapsed) -> { }),
                sink(TaskResult::succeeded, encodingFailure()));

        assertThat(offered).extracting(TaskResult::status).containsExactly(ResultStatus.SUCCEEDED, ResultStatus.FAILED);
        assertThat(outcome).isInstanceOfSatisfying(Published.class, published -> {
            assertThat(published.result().error().code()).isEqualTo(ResultErrorCodes.WORKER_ERROR);
            assertThat(published.result().error().message()).contains("ResultEncodingException", "t-1");
        });
    }

    @Test
    void aResultTooLargeForTheTopicIsPublishedWithoutItsAnswerAsOutputTooLarge() {
        Outcome outcome = complete(executor(ANSWERS, (ok, elapsed) -> { }),
                sink(TaskResult::succeeded, new ResultTooLargeException("t-1", 2_000_000, null)));

        assertThat(offered).extracting(TaskResult::status).containsExactly(ResultStatus.SUCCEEDED, ResultStatus.FAILED);
        assertThat(outcome).isInstanceOfSatisfying(Published.class, published -> {
            TaskResult failed = published.result();
            assertThat(failed.output()).isNull();
            assertThat(failed.error().code()).isEqualTo(ResultErrorCodes.OUTPUT_TOO_LARGE);
            assertThat(failed.error().message()).contains("4 characters", "2000000 bytes");
            assertThat(failed.outputTokens()).as("the spent tokens stay").isEqualTo(offered.get(0).outputTokens());
            assertThat(failed.history()).isEqualTo(offered.get(0).history());
        });
    }

    @Test
    void aResultTooLargeEvenWithoutItsAnswerIsUnpublishable() {
        Outcome outcome = complete(executor(ANSWERS, (ok, elapsed) -> { }),
                sink(r -> true, new ResultTooLargeException("t-1", 2_000_000, null)));

        assertThat(offered).hasSize(2);
        assertThat(outcome).isInstanceOfSatisfying(Unpublishable.class,
                unpublishable -> assertThat(unpublishable.reason()).contains("even without an answer"));
    }

    @Test
    void whenNoResultCanBeEncodedTheRecordIsUnpublishableNotRefused() {
        Outcome outcome = complete(executor(ANSWERS, (ok, elapsed) -> { }), sink(r -> true, encodingFailure()));

        assertThat(offered).hasSize(2);
        assertThat(outcome).isInstanceOfSatisfying(Unpublishable.class, unpublishable -> {
            assertThat(unpublishable.reason()).contains(ResultErrorCodes.WORKER_ERROR, "cannot write")
                    .doesNotContain(SECRET_PROMPT);
            assertThat(unpublishable.defect()).isInstanceOf(ResultEncodingException.class);
        });
    }

    @Test
    void aSinkThatThrowsAnEncodingFailureInsteadOfFailingItsStageIsHandledTheSameWay() {
        List<TaskResult> thrownAt = new ArrayList<>();
        TaskCompletion.ResultSink throwing = result -> {
            thrownAt.add(result);
            if (result.succeeded()) {
                throw encodingFailure();
            }
            return CompletableFuture.completedFuture(null);
        };

        Outcome outcome = complete(executor(ANSWERS, (ok, elapsed) -> { }), throwing);

        assertThat(thrownAt).hasSize(2);
        assertThat(outcome).isInstanceOfSatisfying(Published.class,
                published -> assertThat(published.result().error().code()).isEqualTo(ResultErrorCodes.WORKER_ERROR));
    }

    @Test
    void onlyARefusalBySinkIsRefused() {
        IllegalStateException kafkaSaysNo = new IllegalStateException("not enough replicas");

        Outcome outcome = complete(executor(ANSWERS, (ok, elapsed) -> { }), sink(r -> true, kafkaSaysNo));

        assertThat(offered).hasSize(1);
        assertThat(outcome).isInstanceOfSatisfying(Refused.class,
                refused -> assertThat(refused.failure()).isSameAs(kafkaSaysNo));
    }

    @Test
    void aRefusedWorkerErrorResultIsRefusedToo() {
        TaskExecutor broken = executor(ANSWERS, (ok, elapsed) -> {
            throw new IllegalStateException("metrics broke");
        });
        IllegalStateException kafkaSaysNo = new IllegalStateException("broker down");

        Outcome outcome = complete(broken, sink(r -> true, kafkaSaysNo));

        assertThat(outcome).isInstanceOfSatisfying(Refused.class,
                refused -> assertThat(refused.failure()).isSameAs(kafkaSaysNo));
    }
}
