package dev.taskfleet.benchmarks.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.benchmarks.HarnessOptions;
import dev.taskfleet.contract.ResultStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Smoke mode, on every build (docs/BENCHMARKS.md): tiny phases and no share of the quota asserted
 * (that is the benchmark's figure, not a test's); every phase must be measured over a window in
 * which the provider answered calls, the backlog must not have emptied before the last window
 * ended, and every task must have exactly one first result, the provider's admitted calls equal to
 * the SUCCEEDED results (the harness itself throws otherwise; asserted again here).
 */
class QuotaSmokeTest {

    @Test
    void theQuotaHarnessMeasuresOneThenThreeThenOneWorker() throws Exception {
        QuotaBenchmark.QuotaRun run = QuotaBenchmark.measure(HarnessOptions.parse(new QuotaOptions(),
                "--rpm=600", "--tpm=60000", "--settle=PT2S", "--window=PT4S", "--in-flight=4",
                "--service-property=taskfleet.worker.quota-split-interval=PT1S",
                "--work-dir=" + Path.of("target", "smoke", "quota")));
        System.out.print(run.table());

        assertThat(run.phases()).extracting(row -> row.phase().pods()).containsExactly(1, 3, 1);
        assertThat(run.phases()).allSatisfy(row -> {
            assertThat(row.phase().windowSeconds()).isEqualTo(4);
            assertThat(row.calls()).as("calls answered in phase %s's window", row.phase().name()).isPositive();
            assertThat(row.refused()).isNotNegative();
        });
        assertThat(run.transients()).hasSize(3);
        assertThat(run.waitingAtLastWindow()).as("tasks still queued when the last window ended").isPositive();
        assertThat(run.results().tasks()).isEqualTo(run.submitted());
        assertThat(run.results().records(ResultStatus.SUCCEEDED)).isEqualTo(run.admitted());
        assertThat(run.table()).contains("| 1 -> 3 | 3 |").contains("| 3 -> 1 | 1 |");
    }
}
