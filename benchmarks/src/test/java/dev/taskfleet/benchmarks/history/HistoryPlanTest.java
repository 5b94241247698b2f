package dev.taskfleet.benchmarks.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryPlanTest {

    private static final Instant END = Instant.parse("2026-12-03T20:00:00Z");

    @Test
    void eachSizeIsExactAndTheSmallerHistoryIsThePrefixOfTheLarger() {
        HistoryPlan grown = HistoryPlan.of(List.of(100_000, 1_000_000), 42, END);
        HistoryPlan alone = HistoryPlan.of(List.of(100_000), 42, END);

        assertThat(grown.upTo(100_000).stream().mapToInt(HistoryPlan.PlannedBatch::tasks).sum()).isEqualTo(100_000);
        assertThat(grown.batches().stream().mapToInt(HistoryPlan.PlannedBatch::tasks).sum()).isEqualTo(1_000_000);
        assertThat(grown.upTo(100_000)).extracting(HistoryPlan.PlannedBatch::batchId, HistoryPlan.PlannedBatch::tasks)
                .isEqualTo(alone.batches().stream()
                        .map(b -> org.assertj.core.groups.Tuple.tuple(b.batchId(), b.tasks())).toList());
    }

    @Test
    void theMixHasManySmallBatchesAndSomeLargeOnesOverOneDay() {
        List<HistoryPlan.PlannedBatch> batches = HistoryPlan.of(List.of(1_000_000), 42, END).batches();

        assertThat(batches.stream().filter(b -> b.tasks() <= 300).count()).isGreaterThan(batches.size() * 8L / 10);
        assertThat(batches.stream().filter(b -> b.tasks() >= 10_000)).hasSizeGreaterThanOrEqualTo(5)
                .allSatisfy(b -> assertThat(b.tasks()).isLessThanOrEqualTo(100_000));
        assertThat(batches.get(0).acceptedAt()).isEqualTo(END.minus(HistoryPlan.DAY));
        assertThat(batches.get(batches.size() - 1).acceptedAt()).isEqualTo(END);
        assertThat(batches).extracting(HistoryPlan.PlannedBatch::team).containsAll(HistoryPlan.TEAMS);
    }

    @Test
    void theSameSeedGivesTheSameHistory() {
        assertThat(HistoryPlan.of(List.of(5_000), 7, END).batches()).isEqualTo(HistoryPlan.of(List.of(5_000), 7, END).batches());
    }

    @Test
    void theCheckpointComesBeforeTheNewestWholeBatchesThatHoldTheTasksAskedFor() {
        List<HistoryPlan.PlannedBatch> part = List.of(batch(0, 10), batch(1, 20), batch(2, 30), batch(3, 40));
        assertThat(HistoryBenchmark.beforeCheckpoint(part, 0)).isEqualTo(4);
        assertThat(HistoryBenchmark.beforeCheckpoint(part, 40)).isEqualTo(3);
        assertThat(HistoryBenchmark.beforeCheckpoint(part, 50)).as("whole batches: 30 + 40").isEqualTo(2);
        assertThat(HistoryBenchmark.beforeCheckpoint(part, 1_000)).isZero();
    }

    private static HistoryPlan.PlannedBatch batch(int index, int tasks) {
        return new HistoryPlan.PlannedBatch(index, "b" + index, "team", tasks, Instant.EPOCH, index);
    }
}
