package dev.taskfleet.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Smoke mode, on every build (docs/BENCHMARKS.md): no timing asserted; the harness must complete
 * and its own checks hold (every task's result once, by its id, succeeded on the one tier).
 */
class InFlightSmokeTest {

    @Test
    void theInFlightHarnessRunsWithTheDefaultAuthentication() throws Exception {
        List<LevelMeasurement> rows = InFlightBenchmark.measure(HarnessOptions.parse(new BenchmarkOptions(),
                "--levels=4", "--seconds=2", "--min-tasks=4", "--warmup-seconds=1", "--latency=PT0.2S",
                "--work-dir=" + Path.of("target", "smoke", "inflight")));

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.tasks()).isEqualTo(8);
            assertThat(row.failed()).isZero();
        });
    }
}
