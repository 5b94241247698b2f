package dev.taskfleet.router.routing;

import static dev.taskfleet.testkit.ResultBuilder.aResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TierRouting;
import dev.taskfleet.testkit.TaskBuilder;
import java.time.Instant;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class RoutingTalliesTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static Task task(String id, String batch, int run) {
        return TaskBuilder.task().id(id).batch(batch).team("payments").run(run).build();
    }

    @Test
    void oneRoutedEventPerBatchRunWithItsCountsPerTier() {
        RoutingTallies tallies = new RoutingTallies();
        tallies.routed(task("a", "b1", 1), "fast");
        tallies.routed(task("b", "b1", 1), "fast");
        tallies.routed(task("c", "b1", 1), "quality");
        tallies.escalated(task("d", "b1", 1), "fast", "quality");
        tallies.refused(aResult().taskId("e").batch("b1").team("payments").run(1).onTier("quality").failed().build());
        tallies.routed(task("a", "b1", 2), "quality");
        tallies.routed(task("x", "b2", 1), "fast");

        List<BatchEvent> events = tallies.events(NOW);

        assertThat(events).extracting(BatchEvent::batchId, BatchEvent::run, BatchEvent::taskCount)
                .containsExactly(Tuple.tuple("b1", 1, 3),
                        Tuple.tuple("b1", 2, 1),
                        Tuple.tuple("b2", 1, 1));
        BatchEvent first = events.get(0);
        assertThat(first.type()).isEqualTo(BatchEvent.Type.ROUTED);
        assertThat(first.team()).isEqualTo("payments");
        assertThat(first.occurredAt()).isEqualTo(NOW);
        assertThat(first.tiers()).containsEntry("fast", new TierRouting(2, 0, 1, 0))
                .containsEntry("quality", new TierRouting(1, 1, 0, 1)).hasSize(2);
        assertThat(events.get(1).tiers()).containsOnlyKeys("quality");
    }

    @Test
    void aTransactionThatPlacedNothingWritesNothing() {
        RoutingTallies tallies = new RoutingTallies();

        assertThat(tallies.isEmpty()).isTrue();
        assertThat(tallies.events(NOW)).isEmpty();
    }
}
