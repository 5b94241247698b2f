package dev.taskfleet.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.benchmarks.history.HistoryBenchmark;
import dev.taskfleet.benchmarks.history.HistoryOptions;
import dev.taskfleet.benchmarks.history.ReplicaMeasurement;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Smoke mode, on every build (docs/BENCHMARKS.md): a history of 2,000 tasks, one replica that
 * replays it and one that takes over a checkpoint of it; no timing asserted. Both must become ready
 * and pass the harness's own checks: old, large and new batches COMPLETED with exactly the counts,
 * tokens and cost written, and an old batch's results one per task; the second must have read only
 * what was written after the checkpoint.
 */
class HistorySmokeTest {

    @Test
    void aFreshReplicaAnswersTheHistoryAsWritten() throws Exception {
        HistoryBenchmark.Report report = HistoryBenchmark.measure(HarnessOptions.parse(new HistoryOptions(),
                "--tasks=2000", "--heaps=256m", "--runs=1", "--duplicate-rate=0.01", "--since-checkpoint=500",
                "--work-dir=" + Path.of("target", "smoke", "history")));

        assertThat(report.histories()).singleElement().satisfies(history -> {
            assertThat(history.tasks()).isEqualTo(2000);
            assertThat(history.failed()).isPositive();
            assertThat(history.duplicates()).isPositive();
        });
        assertThat(report.runs()).extracting(ReplicaMeasurement::start)
                .containsExactly(ReplicaMeasurement.REPLAY, ReplicaMeasurement.CHECKPOINT);
        assertThat(report.runs()).allSatisfy(run -> {
            assertThat(run.outcome()).isEqualTo(ReplicaMeasurement.READY);
            assertThat(run.heapAfterFullGcBytes()).isPositive();
            assertThat(run.secondsToReady()).isPositive();
        });
        ReplicaMeasurement replay = report.runs().get(0);
        ReplicaMeasurement checkpoint = report.runs().get(1);
        // The history's 2,000 results and more; after the checkpoint, only what was written after it
        // (the newest batches, at least 500 tasks).
        assertThat(replay.recordsRead()).isGreaterThan(2000);
        assertThat(checkpoint.recordsRead()).isGreaterThanOrEqualTo(500).isLessThan(replay.recordsRead());
        // Both replicas answered every check: statuses to the nano-dollar, an old batch's results.
        assertThat(report.checks()).filteredOn(line -> line.startsWith("results of batch")).hasSize(2);
        assertThat(report.checks()).filteredOn(line -> line.startsWith("batch ")).hasSizeGreaterThanOrEqualTo(8);
    }
}
