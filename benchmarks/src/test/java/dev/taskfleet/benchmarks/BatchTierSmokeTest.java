package dev.taskfleet.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.benchmarks.batchtier.BatchTierBenchmark;
import dev.taskfleet.benchmarks.batchtier.BatchTierOptions;
import dev.taskfleet.benchmarks.batchtier.BatchTierRun;
import dev.taskfleet.benchmarks.batchtier.BatchTierScenario;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Smoke mode, on every build (docs/BENCHMARKS.md): no timing asserted; the harness must complete
 * and its own checks hold (every task once, its first call on the tier its policy gives it), the
 * bulk work must have gone to the batch tier, and only there.
 */
class BatchTierSmokeTest {

    private static final int TASKS = 40;

    @Test
    void theDemoBatchRunsAllOnLineAndWithItsBulkWorkOnTheBatchTier() throws Exception {
        Map<BatchTierScenario, List<BatchTierRun>> runs = BatchTierBenchmark.measure(HarnessOptions.parse(
                new BatchTierOptions(), "--tasks=" + TASKS, "--runs=1", "--gather-time=PT1S", "--turnaround=PT2S",
                "--poll-interval=PT0.5S", "--work-dir=" + Path.of("target", "smoke", "batch-tier")));

        assertThat(runs.keySet()).containsExactly(BatchTierScenario.values());
        assertThat(runs.values()).allSatisfy(list -> assertThat(list).singleElement().satisfies(run -> {
            assertThat(run.tasks()).isEqualTo(TASKS);
            assertThat(run.calls()).isGreaterThanOrEqualTo(TASKS);
            assertThat(run.costUsd()).isPositive();
        }));
        BatchTierRun onLine = runs.get(BatchTierScenario.ON_LINE).get(0);
        BatchTierRun bulkOnBatch = runs.get(BatchTierScenario.BULK_ON_BATCH).get(0);
        assertThat(onLine.firstOnBatch()).isZero();
        assertThat(onLine.batchTierUsd()).isZero();
        assertThat(bulkOnBatch.firstOnBatch()).isPositive().isLessThan(TASKS);
        assertThat(bulkOnBatch.batchTierUsd()).isPositive().isLessThanOrEqualTo(bulkOnBatch.fastModelUsd());
        assertThat(bulkOnBatch.makespanMs()).as("the batch tier's turnaround is in the makespan").isGreaterThan(2_000);
    }
}
