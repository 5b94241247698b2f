package dev.taskfleet.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.worker.cost.Price;
import dev.taskfleet.worker.provider.ModelCallException;
import dev.taskfleet.worker.provider.ModelProvider;
import dev.taskfleet.worker.provider.ModelRequest;
import dev.taskfleet.worker.provider.ModelResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

    @Test
    void aSuccessfulCallBecomesASucceededResultWithTokensCostAndRouting() {
        RoutedTask routed = TaskBuilder.task().id("t-1").batch("b-1").type("refactor").routedTo("fast");
        AtomicReference<ModelRequest> sent = new AtomicReference<>();
        TaskExecutor executor = executor(request -> {
            sent.set(request);
            nanos.addAndGet(Duration.ofMillis(120).toNanos());
            return CompletableFuture.completedFuture(new ModelResponse("done", 1_000, 500, Duration.ofMillis(110)));
        });

        TaskResult result = executor.execute(routed).toCompletableFuture().join();

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
                    new ModelCallException(ModelCallException.MODEL_UNAVAILABLE, "overloaded", true));
        });

        TaskResult result = executor.execute(routed).toCompletableFuture().join();

        assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
        assertThat(result.error().code()).isEqualTo(ModelCallException.MODEL_UNAVAILABLE);
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
            throw new ModelCallException(ModelCallException.UNKNOWN_MODEL, "no such model", false);
        });

        TaskResult result = executor.execute(TaskBuilder.task().routedTo("fast")).toCompletableFuture().join();

        assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
        assertThat(result.error().code()).isEqualTo(ModelCallException.UNKNOWN_MODEL);
    }

    @Test
    void anUnexpectedProviderFailureIsReportedAsAProviderError() {
        TaskExecutor executor = executor(request -> CompletableFuture.failedFuture(new IllegalStateException("bug")));

        TaskResult result = executor.execute(TaskBuilder.task().routedTo("fast")).toCompletableFuture().join();

        assertThat(result.error().code()).isEqualTo(TaskExecutor.PROVIDER_ERROR);
        assertThat(result.error().message()).contains("IllegalStateException", "bug");
    }

    @Test
    void aModelCallExceptionWithoutAMessageStillYieldsAResult() {
        TaskExecutor executor = executor(request -> CompletableFuture.failedFuture(
                new ModelCallException(ModelCallException.MODEL_UNAVAILABLE, null, true)));

        TaskResult result = executor.execute(TaskBuilder.task().routedTo("fast")).toCompletableFuture().join();

        assertThat(result.error().code()).isEqualTo(ModelCallException.MODEL_UNAVAILABLE);
        assertThat(result.error().message()).contains(ModelCallException.MODEL_UNAVAILABLE);
    }

    @Test
    void aProviderFailureWithoutAMessageIsNamedByItsClass() {
        TaskExecutor executor = executor(request -> CompletableFuture.failedFuture(new IllegalStateException()));

        TaskResult result = executor.execute(TaskBuilder.task().routedTo("fast")).toCompletableFuture().join();

        assertThat(result.error().message()).isEqualTo("IllegalStateException");
    }
}
