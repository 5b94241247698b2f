package dev.taskfleet.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The arithmetic behind the table, on made-up figures; no timing is measured here. */
class LevelMeasurementTest {

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    @Test
    void wavesOfFullPermitsReachExactlyTheBound() {
        // 12 waves of 256 calls, 1 s each: results at t = 1 s ... 12 s.
        LevelMeasurement row = new LevelMeasurement(256, 3072, 0, 1_000, 12_000, 0, ONE_SECOND, -1, -1);

        assertThat(row.windowSeconds()).isCloseTo(12.0, within(1e-9));
        assertThat(row.throughput()).isCloseTo(256.0, within(1e-9));
        assertThat(row.fractionOfBound()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void serialCaseIsOneTaskPerLatency() {
        LevelMeasurement row = new LevelMeasurement(1, 15, 0, 1_000, 15_000, 0, ONE_SECOND, -1, -1);

        assertThat(row.throughput()).isCloseTo(1.0, within(1e-9));
        assertThat(row.bound()).isEqualTo(1.0);
    }

    @Test
    void workerCpuIsCpuTimeOverTheMakespan() {
        LevelMeasurement row = new LevelMeasurement(16, 192, 0, 2_000, 13_000, 1_000, ONE_SECOND, 100_000, 600);

        assertThat(row.makespanSeconds()).isCloseTo(12.0, within(1e-9));
        assertThat(row.workerCpuCores()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void tableComparesEachLevelWithTheSerialRow() {
        LevelMeasurement serial = new LevelMeasurement(1, 15, 0, 1_000, 15_000, 0, ONE_SECOND, 300 * 1024, -1);
        LevelMeasurement wide = new LevelMeasurement(16, 192, 0, 1_000, 13_000, 0, ONE_SECOND, 310 * 1024, -1);

        String table = ReportTable.render(java.util.List.of(serial, wide));

        assertThat(table).contains("| 16 | 192 | 0 | 13.00 | 14.8 | 16 | 92.3% | 14.8x |");
        assertThat(table).contains("| 310 |");
    }

    @Test
    void tasksPerLevelAreWholeWavesWithAFloor() {
        BenchmarkOptions options = BenchmarkOptions.parse(new String[] {"--levels=1,256", "--seconds=12"});

        assertThat(options.measuredTasks(1)).isEqualTo(15);
        assertThat(options.measuredTasks(256)).isEqualTo(3072);
        assertThat(options.warmupTasks(1)).isEqualTo(5);
    }
}
