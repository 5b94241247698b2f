package dev.taskfleet.testkit;

import static dev.taskfleet.testkit.AttemptBuilder.anAttempt;
import static dev.taskfleet.testkit.BatchEventBuilder.aBatchEvent;
import static dev.taskfleet.testkit.EscalationBuilder.anEscalation;
import static dev.taskfleet.testkit.ResultBuilder.aResult;
import static dev.taskfleet.testkit.RoutedTaskBuilder.aRoutedTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.EscalationRequest;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ResultError;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.contract.TierRouting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The builders' defaults are valid events that survive the codec, and variants never touch their base. */
class ContractBuildersTest {

    @ParameterizedTest
    @EnumSource(ResultStatus.class)
    void everyStatusGivesAValidResultThatRoundTrips(ResultStatus status) {
        TaskResult result = aResult().status(status).build();

        assertThat(result.status()).isEqualTo(status);
        assertThat(result.output() != null).isEqualTo(status == ResultStatus.SUCCEEDED);
        assertThat(result.error() != null).isEqualTo(status == ResultStatus.FAILED);
        assertThat(Events.decode(EventCodec.encode(result), TaskResult.class, "test")).isEqualTo(result);
    }

    @Test
    void aVariantLeavesItsBaseAsItWas() {
        ResultBuilder base = aResult().taskId("t-7").onTier("quality");

        TaskResult failed = base.failed("TIMEOUT", "no answer").build();
        TaskResult succeeded = base.build();

        assertThat(failed.error()).isEqualTo(new ResultError("TIMEOUT", "no answer"));
        assertThat(succeeded.status()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(succeeded.taskId()).isEqualTo("t-7");
        assertThat(succeeded.model()).isEqualTo("quality-model");
    }

    @Test
    void aRePlacementCarriesItsAttemptRoutingAndHistory() {
        AttemptRecord earlier = anAttempt().failed("OUTPUT_REJECTED", "not JSON").build();
        RoutedTask first = aRoutedTask().task(TaskBuilder.task().id("t-1")).build();
        RoutedTask again = aRoutedTask().task(first.task()).onTier("quality").attempt(2)
                .routing("escalation", 0, "escalated from fast").history(earlier).build();

        assertThat(first).isEqualTo(TaskBuilder.task().id("t-1").routedTo("fast"));
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(again.routing().rule()).isEqualTo("escalation");
        assertThat(again.history()).containsExactly(earlier);
        assertThat(earlier.model()).isEqualTo("fast-model");
        assertThat(Events.decode(EventCodec.encode(again), RoutedTask.class, "test")).isEqualTo(again);
    }

    @Test
    void escalationsAndBatchEventsRoundTrip() {
        EscalationRequest escalation = anEscalation().because("TIMEOUT", "no answer in 30s")
                .history(anAttempt().failed("TIMEOUT", "no answer in 30s").build()).build();
        BatchEvent cancelled = aBatchEvent().batch("b-1").team("search").run(2).cancelled().build();

        assertThat(Events.decode(EventCodec.encode(escalation), EscalationRequest.class, "test")).isEqualTo(escalation);
        assertThat(cancelled.type()).isEqualTo(BatchEvent.Type.CANCELLED);
        assertThat(cancelled.taskCount()).isZero();
        assertThat(cancelled.run()).isEqualTo(2);
        assertThat(Events.decode(EventCodec.encode(cancelled), BatchEvent.class, "test")).isEqualTo(cancelled);
    }

    @Test
    void aRoutedEventAddsUpItsTiersAndLeavesItsBaseAsItWas() {
        BatchEventBuilder base = aBatchEvent().batch("b-1").run(2).routed("fast", new TierRouting(5, 0, 1, 0));
        BatchEvent both = base.routed("quality", new TierRouting(2, 1, 0, 0)).build();

        assertThat(both.type()).isEqualTo(BatchEvent.Type.ROUTED);
        assertThat(both.taskCount()).isEqualTo(7);
        assertThat(both.tiers()).containsOnlyKeys("fast", "quality");
        assertThat(base.build().tiers()).containsOnlyKeys("fast");
        assertThat(Events.decode(EventCodec.encode(both), BatchEvent.class, "test")).isEqualTo(both);
        assertThatThrownBy(() -> Events.decode(EventCodec.encode(both).replace("ROUTED", "SOMETHING_NEW"),
                BatchEvent.class, "test")).isInstanceOf(AssertionError.class).hasMessageContaining("does not know");
    }
}
