package dev.taskfleet.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.benchmarks.history.HistoryBenchmark;
import dev.taskfleet.benchmarks.history.HistoryOptions;
import dev.taskfleet.benchmarks.history.ReplicaMeasurement;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Smoke mode, on every build (docs/BENCHMARKS.md): a history of 2,000 tasks, one replica; no
 * timing asserted. The replica must become ready and pass the harness's own checks: old, large and
 * new batches COMPLETED with exactly the counts, tokens and cost written, and an old batch's
 * results one per task.
 */
class HistorySmokeTest {

    @Test
    void aFreshReplicaAnswersTheHistoryAsWritten() throws Exception {
        HistoryBenchmark.Report report = HistoryBenchmark.measure(HarnessOptions.parse(new HistoryOptions(),
                "--tasks=2000", "--heaps=256m", "--runs=1", "--duplicate-rate=0.01",
                "--work-dir=" + Path.of("target", "smoke", "history")));

        assertThat(report.histories()).singleElement().satisfies(history -> {
            assertThat(history.tasks()).isEqualTo(2000);
            assertThat(history.failed()).isPositive();
            assertThat(history.duplicates()).isPositive();
        });
        assertThat(report.runs()).singleElement().satisfies(run -> {
            assertThat(run.outcome()).isEqualTo(ReplicaMeasurement.READY);
            assertThat(run.heapAfterFullGcBytes()).isPositive();
            assertThat(run.secondsToReady()).isPositive();
        });
        assertThat(report.checks()).anyMatch(line -> line.startsWith("results of batch"))
                .filteredOn(line -> line.startsWith("batch ")).hasSizeGreaterThanOrEqualTo(4);
    }
}
