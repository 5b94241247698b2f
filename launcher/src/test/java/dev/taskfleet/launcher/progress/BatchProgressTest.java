package dev.taskfleet.launcher.progress;

import static dev.taskfleet.launcher.progress.Results.T0;
import static dev.taskfleet.launcher.progress.Results.failed;
import static dev.taskfleet.launcher.progress.Results.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.testkit.ResultBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchProgressTest {

    private final BatchProgress progress = new BatchProgress("b1", 3, List.of("fast", "quality"), T0);

    @Test
    void countsPerTierAndStatus() {
        progress.record(succeeded("b1", "t1", "fast", 1000, 0.001, T0.plusSeconds(1)), T0);
        progress.record(failed("b1", "t2", "fast", 500, T0.plusSeconds(2)), T0);
        progress.record(succeeded("b1", "t3", "quality", 4000, 0.02, T0.plusSeconds(4)), T0);

        assertThat(progress.tiers()).containsExactly(
                new TierTally("fast", 2, 1, 1, 0, 300, Duration.ofMillis(1500), 0.001),
                new TierTally("quality", 1, 1, 0, 0, 150, Duration.ofMillis(4000), 0.02));
        assertThat(progress.total().completed()).isEqualTo(3);
        assertThat(progress.total().failed()).isEqualTo(1);
        assertThat(progress.total().costUsd()).isCloseTo(0.021, within(1e-9));
        assertThat(progress.isComplete()).isTrue();
    }

    @Test
    void theSerialTimeCountsEveryCallOfATaskNotOnlyItsLast() {
        TaskResult escalated = ResultBuilder.aResult().taskId("t1").batch("b1").onTier("quality").latencyMs(3000)
                .finishedAt(T0.plusSeconds(5))
                .history(new AttemptRecord("fast", "sim-fast", "MODEL_UNAVAILABLE", "down", 700, 0, 0, 0),
                        new AttemptRecord("fast", "sim-fast", "OUTPUT_REJECTED", "not JSON", 800, 10, 20, 0.0001),
                        new AttemptRecord("quality", "sim-quality", AttemptRecord.SUCCEEDED, null, 3000, 10, 50, 0.001))
                .build();

        progress.record(escalated, T0);

        assertThat(progress.serialTime()).isEqualTo(Duration.ofMillis(700 + 800 + 3000));
        assertThat(progress.makespan()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void countsCancelledTasksApartFromFailedOnes() {
        progress.record(Results.cancelled("b1", "t1", "fast", T0.plusSeconds(1)), T0);

        assertThat(progress.total().cancelled()).isEqualTo(1);
        assertThat(progress.total().failed()).isZero();
        assertThat(progress.total().completed()).isEqualTo(1);
    }

    @Test
    void listsKnownTiersBeforeTheyHaveResultsAndAddsUnknownOnesAfter() {
        progress.record(succeeded("b1", "t1", "premium", 10, 0, T0.plusSeconds(1)), T0);

        assertThat(progress.tiers()).extracting(TierTally::tier).containsExactly("fast", "quality", "premium");
        assertThat(progress.tiers().get(0).completed()).isZero();
    }

    @Test
    void ignoresOtherBatchesAndCountsARedeliveredResultOnce() {
        assertThat(progress.record(succeeded("other", "t1", "fast", 10, 0, T0.plusSeconds(1)), T0)).isFalse();
        assertThat(progress.record(succeeded("b1", "t1", "fast", 10, 0, T0.plusSeconds(1)), T0)).isTrue();
        assertThat(progress.record(succeeded("b1", "t1", "fast", 10, 0, T0.plusSeconds(2)), T0)).isFalse();

        assertThat(progress.completed()).isEqualTo(1);
        assertThat(progress.duplicates()).isEqualTo(1);
        assertThat(progress.isComplete()).isFalse();
        assertThat(progress.lastResultAt()).contains(T0.plusSeconds(1));
    }

    @Test
    void makespanRunsFromSubmissionToTheLastFinishAndSpeedUpComparesItWithTheSerialTime() {
        // Results arrive out of order; the last finish counts, not the last arrival.
        progress.record(succeeded("b1", "t1", "fast", 3000, 0, T0.plusSeconds(4)), T0);
        progress.record(succeeded("b1", "t2", "fast", 3000, 0, T0.plusSeconds(2)), T0);
        progress.record(succeeded("b1", "t3", "quality", 6000, 0, T0.plusSeconds(3)), T0);

        assertThat(progress.firstResultAt()).contains(T0.plusSeconds(2));
        assertThat(progress.lastResultAt()).contains(T0.plusSeconds(4));
        assertThat(progress.makespan()).isEqualTo(Duration.ofSeconds(4));
        assertThat(progress.serialTime()).isEqualTo(Duration.ofSeconds(12));
        assertThat(progress.speedUp()).isCloseTo(3.0, within(1e-9));
        assertThat(progress.throughputPerSecond()).isCloseTo(0.75, within(1e-9));
    }

    @Test
    void usesTheObservedTimeWhenAResultHasNoFinishTime() {
        progress.record(succeeded("b1", "t1", "fast", 100, 0, null), T0.plusSeconds(5));

        assertThat(progress.makespan()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void reportsZeroRatesBeforeTheFirstResult() {
        assertThat(progress.makespan()).isEqualTo(Duration.ZERO);
        assertThat(progress.speedUp()).isZero();
        assertThat(progress.throughputPerSecond()).isZero();
        assertThat(progress.firstResultAt()).isEmpty();
    }
}
