package dev.taskfleet.worker.batch;

import static dev.taskfleet.testkit.BatchEventBuilder.aBatchEvent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ProviderBatchRequest;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.worker.cancellation.CancellationRegistry;
import dev.taskfleet.worker.cost.Price;
import dev.taskfleet.worker.escalation.EscalationPolicy;
import dev.taskfleet.worker.execution.TaskOutcomes;
import dev.taskfleet.worker.execution.TierProfile;
import dev.taskfleet.worker.execution.Verdict;
import dev.taskfleet.worker.provider.ModelCallException;
import dev.taskfleet.worker.provider.ModelResponse;
import dev.taskfleet.worker.retry.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a provider batch request of a stopped run ends as: a cancellation drops it, a budget stop keeps what was paid. */
class RequestResolverStopTest {

    private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");
    private static final RoutedTask ROUTED = TaskBuilder.task().id("t-1").batch("b-1").prompt("write").routedTo("fast");
    private static final ProviderBatchRequest REQUEST = new ProviderBatchRequest(EventCodec.SCHEMA_VERSION, "pb-1",
            "pb-1-0-t-1", ROUTED, List.of());

    private final CancellationRegistry stops = new CancellationRegistry();
    private final RequestResolver resolver = new RequestResolver(
            new TaskOutcomes(new TierProfile("fast", "m", 256, new Price(1, 1)), "w-1", Clock.fixed(NOW, ZoneOffset.UTC),
                    new EscalationPolicy(List.of("fast", "quality"))),
            new RetryPolicy(3, Duration.ofSeconds(1), 2, Duration.ofSeconds(10)), stops);

    private void stop(BatchEvent.Type type) {
        stops.onEvent(aBatchEvent().batch("b-1").team("t").type(type).occurredAt(NOW).taskCount(0).run(1).build());
    }

    private TaskResult resolved(RequestOutcome outcome) {
        RequestResolver.Resolution resolution = resolver.resolve(REQUEST, Optional.of(outcome), "pb-1", Duration.ofMinutes(3));
        assertThat(resolution).isInstanceOf(RequestResolver.Finished.class);
        return ((Verdict.Final) ((RequestResolver.Finished) resolution).verdict()).result();
    }

    @Test
    void aRequestOfARunStoppedAtItsBudgetBeforeItWasSentEndsBudgetExceeded() {
        stop(BatchEvent.Type.BUDGET_EXCEEDED);

        assertThat(resolver.cancelled(REQUEST)).isTrue();
        assertThat(resolver.cancelledBeforeSending(REQUEST).result().status()).isEqualTo(ResultStatus.BUDGET_EXCEEDED);
    }

    @Test
    void anAnswerPaidForBeforeTheBudgetStopIsDeliveredButACancelledRunDropsIt() {
        ModelResponse answer = new ModelResponse("done", 10, 5, Duration.ofSeconds(1));
        stop(BatchEvent.Type.BUDGET_EXCEEDED);
        TaskResult kept = resolved(RequestOutcome.answered("pb-1-0-t-1", answer));
        assertThat(kept.status()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(kept.output()).isEqualTo("done");

        stop(BatchEvent.Type.CANCELLED);
        TaskResult dropped = resolved(RequestOutcome.answered("pb-1-0-t-1", answer));
        assertThat(dropped.status()).isEqualTo(ResultStatus.CANCELLED);
        assertThat(dropped.costUsd()).as("the answer was paid for all the same").isPositive();
    }

    @Test
    void aFailedRequestOfARunStoppedAtItsBudgetIsNotAskedAgain() {
        stop(BatchEvent.Type.BUDGET_EXCEEDED);

        TaskResult result = resolved(RequestOutcome.failed("pb-1-0-t-1",
                new ModelCallException(ResultErrorCodes.PROVIDER_ERROR, "500", true)));
        assertThat(result.status()).isEqualTo(ResultStatus.BUDGET_EXCEEDED);
    }
}
