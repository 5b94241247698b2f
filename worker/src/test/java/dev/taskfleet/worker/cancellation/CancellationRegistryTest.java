package dev.taskfleet.worker.cancellation;

import static dev.taskfleet.testkit.BatchEventBuilder.aBatchEvent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.ResultStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CancellationRegistryTest {

    private final CancellationRegistry registry = new CancellationRegistry();

    private static BatchEvent event(String batch, BatchEvent.Type type, int run) {
        return aBatchEvent().batch(batch).team("team-a").type(type).occurredAt(Instant.EPOCH).taskCount(0).run(run)
                .build();
    }

    @Test
    void nothingIsCancelledUntilACancelledEventArrives() {
        registry.onEvent(event("b-1", BatchEvent.Type.ACCEPTED, 1));
        registry.onEvent(event("b-1", BatchEvent.Type.RETRIED, 2));

        assertThat(registry.isCancelled("b-1", 1)).isFalse();
        assertThat(registry.size()).isZero();
    }

    @Test
    void aCancellationCoversItsRunAndEarlierOnesButNotALaterRetry() {
        registry.onEvent(event("b-1", BatchEvent.Type.CANCELLED, 2));

        assertThat(registry.isCancelled("b-1", 1)).isTrue();
        assertThat(registry.isCancelled("b-1", 2)).isTrue();
        assertThat(registry.isCancelled("b-1", 3)).isFalse();
        assertThat(registry.isCancelled("b-2", 1)).isFalse();
    }

    @Test
    void anOlderCancellationReadLaterDoesNotShrinkANewerOne() {
        registry.onEvent(event("b-1", BatchEvent.Type.CANCELLED, 3));
        registry.onEvent(event("b-1", BatchEvent.Type.CANCELLED, 1));

        assertThat(registry.isCancelled("b-1", 3)).isTrue();
        assertThat(registry.size()).isEqualTo(1);
    }

    @Test
    void aBudgetStopEndsItsRunsTasksBudgetExceededButACancellationWins() {
        registry.onEvent(event("b-1", BatchEvent.Type.BUDGET_EXCEEDED, 2));
        registry.onEvent(event("b-2", BatchEvent.Type.BUDGET_EXCEEDED, 1));
        registry.onEvent(event("b-2", BatchEvent.Type.CANCELLED, 1));

        assertThat(registry.stoppedAs("b-1", 1)).contains(ResultStatus.BUDGET_EXCEEDED);
        assertThat(registry.stoppedAs("b-1", 2)).contains(ResultStatus.BUDGET_EXCEEDED);
        assertThat(registry.isCancelled("b-1", 2)).isTrue();
        assertThat(registry.stoppedAs("b-1", 3)).as("a retry after the budget allows it again").isEmpty();
        assertThat(registry.stoppedAs("b-2", 1)).contains(ResultStatus.CANCELLED);
        assertThat(registry.stoppedAs("b-3", 1)).isEmpty();
    }
}
