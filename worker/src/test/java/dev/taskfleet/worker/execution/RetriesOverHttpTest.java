package dev.taskfleet.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.modelserver.OpenAiChat;
import dev.taskfleet.testkit.modelserver.Route;
import dev.taskfleet.testkit.modelserver.ScriptedModelServer;
import dev.taskfleet.worker.cancellation.CancellationRegistry;
import dev.taskfleet.worker.cost.Price;
import dev.taskfleet.worker.escalation.EscalationPolicy;
import dev.taskfleet.worker.flow.InFlightLimiter;
import dev.taskfleet.worker.flow.Scheduler;
import dev.taskfleet.worker.metrics.WorkerMetrics;
import dev.taskfleet.worker.provider.openai.OpenAiChatProvider;
import dev.taskfleet.worker.provider.http.HttpEndpoint;
import dev.taskfleet.worker.provider.http.ProviderHttp;
import dev.taskfleet.worker.ratelimit.TierRateLimiter;
import dev.taskfleet.worker.retry.RetryPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A task's whole life against a real HTTP server on localhost: the OpenAI-compatible client, the
 * retries and the rate limiter, the result and the meters.
 */
class RetriesOverHttpTest {

    private static final TierProfile FAST = new TierProfile("fast", "gpt-test", 256, new Price(0.15, 0.60));
    private static final RetryPolicy RETRIES = new RetryPolicy(3, Duration.ofMillis(50), 2, Duration.ofSeconds(1));

    private final ScriptedModelServer server = ScriptedModelServer.start();
    private final Route chat = server.route(OpenAiChat.COMPLETIONS);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WorkerMetrics metrics = new WorkerMetrics(registry, FAST, new InFlightLimiter(8));

    @AfterEach
    void stop() {
        server.close();
        timer.shutdownNow();
    }

    private TaskExecutor executor(Duration timeout) {
        return executor(timeout, RETRIES, List.of("fast"));
    }

    private TaskExecutor executor(Duration timeout, RetryPolicy retries, List<String> tierOrder) {
        HttpEndpoint settings = new HttpEndpoint(URI.create(OpenAiChat.baseUrl(server)), Optional.of("sk-test"),
                timeout, OptionalDouble.empty(), Map.of());
        OpenAiChatProvider provider = new OpenAiChatProvider(ProviderHttp.defaultClient(settings), settings,
                new ObjectMapper(), Clock.systemUTC(), System::nanoTime);
        TierRateLimiter limiter = TierRateLimiter.fleetShare(OptionalLong.empty(), OptionalLong.empty(), System::nanoTime);
        ModelCallRunner calls = new ModelCallRunner(provider, retries, limiter, Scheduler.on(timer),
                new Random(42)::nextDouble, System::nanoTime, metrics);
        return new TaskExecutor(calls, retries.maxAttempts(), FAST, "worker-1", Clock.systemUTC(), metrics,
                new EscalationPolicy(tierOrder), new CancellationRegistry());
    }

    private TaskResult run(TaskExecutor executor) {
        return ((Verdict.Final) verdict(executor)).result();
    }

    private Verdict verdict(TaskExecutor executor) {
        return executor.execute(TaskBuilder.task().id("t-1").prompt("do it").routedTo("fast"))
                .toCompletableFuture().join();
    }

    @Test
    void aRetryAfterAboveTheCapIsWaitedForOnlyUpToTheCap() {
        RetryPolicy capped = new RetryPolicy(3, Duration.ofMillis(50), 2, Duration.ofMillis(100),
                Duration.ofSeconds(1), 1);
        chat.then(OpenAiChat.rateLimited("30"), OpenAiChat.ok("done", 10, 5));

        TaskResult result = run(executor(Duration.ofSeconds(5), capped, List.of("fast")));

        assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(server.requests()).hasSize(2);
        Duration gap = Duration.ofNanos(server.requests().get(1).receivedNanos() - server.requests().get(0).receivedNanos());
        assertThat(gap).isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThan(Duration.ofSeconds(30));
        assertThat(result.history()).extracting(AttemptRecord::outcome)
                .containsExactly(ResultErrorCodes.RATE_LIMITED, AttemptRecord.SUCCEEDED);
    }

    @Test
    void a401IsAFailedResultAndNoEscalationEvenWithATierAbove() {
        chat.otherwise(request -> OpenAiChat.error(401, "Incorrect API key provided"));

        Verdict verdict = verdict(executor(Duration.ofSeconds(5), RETRIES, List.of("fast", "quality")));

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Final.class,
                done -> assertThat(done.result().error().code()).isEqualTo(ResultErrorCodes.AUTH_FAILED));
    }

    @Test
    void timeoutsOnEveryAttemptEscalateWithEveryCallInTheHistory() {
        chat.otherwise(request -> OpenAiChat.ok("late", 10, 5).after(Duration.ofSeconds(2)));

        Verdict verdict = verdict(executor(Duration.ofMillis(200), RETRIES, List.of("fast", "quality")));

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Escalate.class, escalate -> {
            assertThat(escalate.request().error().code()).isEqualTo(ResultErrorCodes.TIMEOUT);
            assertThat(escalate.request().history()).hasSize(3)
                    .allSatisfy(call -> assertThat(call.outcome()).isEqualTo(ResultErrorCodes.TIMEOUT));
        });
    }

    private double counter(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void aSuccessCarriesTokensAndCostFromTheUsageBlock() {
        chat.then(OpenAiChat.ok("done", 2_000, 500));

        TaskResult result = run(executor(Duration.ofSeconds(5)));

        assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo("done");
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.inputTokens()).isEqualTo(2_000);
        assertThat(result.outputTokens()).isEqualTo(500);
        assertThat(result.costUsd()).isCloseTo(2_000 * 0.15 / 1e6 + 500 * 0.60 / 1e6, within(1e-12));
        assertThat(result.model()).isEqualTo("gpt-test");
        assertThat(counter(WorkerMetrics.MODEL_TOKENS, "tier", "fast", "kind", "input", "team", "default"))
                .isEqualTo(2_000);
        assertThat(counter(WorkerMetrics.MODEL_TOKENS, "tier", "fast", "kind", "output", "team", "default"))
                .isEqualTo(500);
        assertThat(counter(WorkerMetrics.MODEL_COST, "tier", "fast", "team", "default"))
                .isCloseTo(result.costUsd(), within(1e-12));
        assertThat(registry.get(WorkerMetrics.RATE_LIMIT_WAIT).tags("tier", "fast").timer().count()).isEqualTo(1);
    }

    @Test
    void a429WithRetryAfterIsRetriedNoSoonerThanAsked() {
        chat.then(OpenAiChat.rateLimited("1"), OpenAiChat.ok("done", 10, 5));

        TaskResult result = run(executor(Duration.ofSeconds(5)));

        assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(server.requests()).hasSize(2);
        long gap = server.requests().get(1).receivedNanos() - server.requests().get(0).receivedNanos();
        assertThat(Duration.ofNanos(gap)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(counter(WorkerMetrics.MODEL_RETRIES, "tier", "fast", "code", ResultErrorCodes.RATE_LIMITED))
                .isEqualTo(1);
    }

    @Test
    void aServerErrorIsRetriedAndTheTaskSucceeds() {
        chat.then(OpenAiChat.error(500, "internal"), OpenAiChat.ok("done", 10, 5));

        TaskResult result = run(executor(Duration.ofSeconds(5)));

        assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(result.inputTokens()).isEqualTo(10);
        assertThat(counter(WorkerMetrics.MODEL_RETRIES, "tier", "fast", "code", ResultErrorCodes.PROVIDER_ERROR))
                .isEqualTo(1);
    }

    @Test
    void aModelSlowerThanTheTimeoutIsRetriedThenFailsAfterMaxAttempts() {
        chat.otherwise(request -> OpenAiChat.ok("late", 10, 5).after(Duration.ofSeconds(2)));

        TaskResult result = run(executor(Duration.ofMillis(200)));

        assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
        assertThat(result.error().code()).isEqualTo(ResultErrorCodes.TIMEOUT);
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(result.costUsd()).isZero();
        assertThat(server.requests()).hasSize(3);
        assertThat(counter(WorkerMetrics.MODEL_RETRIES, "tier", "fast", "code", ResultErrorCodes.TIMEOUT))
                .isEqualTo(2);
    }

    @Test
    void a401FailsAtOnceAndIsCountedAsAnAuthFailure() {
        chat.otherwise(request -> OpenAiChat.error(401, "Incorrect API key provided"));

        TaskResult result = run(executor(Duration.ofSeconds(5)));

        assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
        assertThat(result.error().code()).isEqualTo(ResultErrorCodes.AUTH_FAILED);
        assertThat(result.error().message()).doesNotContain("sk-test");
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(server.requests()).hasSize(1);
        assertThat(counter(WorkerMetrics.MODEL_AUTH_FAILURES, "tier", "fast")).isEqualTo(1);
    }

    @Test
    void aPromptTooLongForTheContextWindowIsNotRetried() {
        chat.otherwise(request -> OpenAiChat.error(400,
                "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens."));

        TaskResult result = run(executor(Duration.ofSeconds(5)));

        assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
        assertThat(result.error().code()).isEqualTo(ResultErrorCodes.CONTEXT_LENGTH);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(server.requests()).hasSize(1);
    }
}
