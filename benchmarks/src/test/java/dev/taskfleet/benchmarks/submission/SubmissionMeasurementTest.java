package dev.taskfleet.benchmarks.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The arithmetic behind the submission table, on made-up figures; nothing is timed here. */
class SubmissionMeasurementTest {

    private static final long MIB = 1L << 20;

    private static SubmissionMeasurement row(int tasks, String heap, long millis, long peakHeapMib, long afterGcMib,
                                             long rssMib, long rawMs) {
        return new SubmissionMeasurement(tasks, heap, tasks * 1_000L, 10_000, 10_000 + millis, peakHeapMib * MIB,
                afterGcMib * MIB, 3, rssMib * 1024, 150, rawMs);
    }

    @Test
    void ratesComeFromTheTimeToTheReply() {
        SubmissionMeasurement row = row(100_000, "384m", 10_000, 170, 40, 380, 2_000);

        assertThat(row.seconds()).isCloseTo(10.0, within(1e-9));
        assertThat(row.tasksPerSecond()).isCloseTo(10_000.0, within(1e-9));
        assertThat(row.rawTasksPerSecond()).isCloseTo(50_000.0, within(1e-9));
        assertThat(row.fractionOfRaw()).isCloseTo(0.2, within(1e-9));
        assertThat(row.mibPerSecond()).isCloseTo(100_000_000.0 / MIB / 10, within(1e-9));
        assertThat(row.producerCpuCores()).isCloseTo(0.15, within(1e-9));
    }

    @Test
    void tablePrintsOneRowPerSubmissionAndTheGrowthAtTheSameHeap() {
        List<SubmissionMeasurement> rows = List.of(
                row(10_000, "384m", 2_000, 60, 25, 230, 500),
                row(100_000, "384m", 10_000, 150, 50, 345, 2_000),
                row(100_000, "128m", 10_000, 90, 60, 270, 2_000));

        String table = SubmissionTable.render(rows);

        assertThat(table).contains("| 100000 | 384m | 95.4 | 10.00 | 10000 | 9.5 | 50000 | 20% | 150 | 50 | 3 | 345 | 0.15 |");
        assertThat(table).contains("From 10000 to 100000 tasks (-Xmx384m): tasks x10.0, time to 202 x5.0, "
                + "peak heap x2.50, max heap after GC x2.00, peak RSS x1.50.");
    }

    @Test
    void aWindowWithoutCollectionsHasNoAfterGcFigure() {
        SubmissionMeasurement small = new SubmissionMeasurement(1_000, "384m", 1_000_000, 0, 500, 130 * MIB, 0, 0,
                270 * 1024, 40, 50);
        SubmissionMeasurement large = row(10_000, "384m", 2_000, 140, 50, 300, 500);

        String table = SubmissionTable.render(List.of(small, large));

        assertThat(table).contains("| 130 | n/a | 0 | 270 |");
        assertThat(table).contains("peak heap x1.08, max heap after GC xn/a, peak RSS x1.11.");
    }

    @Test
    void noGrowthLineWithoutALargerFileAtTheSameHeap() {
        assertThat(SubmissionTable.growth(List.of(row(10_000, "384m", 1_000, 60, 25, 230, 500),
                row(100_000, "128m", 1_000, 60, 25, 230, 500)))).isEmpty();
    }

    @Test
    void casesNameTasksAndOptionallyTheHeap() {
        assertThat(SubmissionOptions.parse("--cases=10000, 100000@128m").cases()).containsExactly(
                new SubmissionOptions.Case(10_000, "384m"), new SubmissionOptions.Case(100_000, "128m"));
        assertThatThrownBy(() -> SubmissionOptions.parse("--cases=200000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubmissionOptions.parse("--cases=10@lots")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWarmUpLongerThanOneBatchIsMoreBatches() {
        assertThat(SubmissionOptions.parse("--warmup=100000", "--warmup-batches=3").warmupBatches()).isEqualTo(3);
        assertThatThrownBy(() -> SubmissionOptions.parse("--warmup=200000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--warmup-batches");
        assertThatThrownBy(() -> SubmissionOptions.parse("--warmup-batches=0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warmup-batches");
    }

    @Test
    void metricsTextIsSummedOverTheMatchingSeries() {
        String text = """
                # TYPE jvm_memory_used_bytes gauge
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.2E7
                jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 3000000.0
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 5.0E7
                jvm_memory_used_bytes_other{area="heap"} 9.0
                """;

        assertThat(PrometheusText.sum(text, "jvm_memory_used_bytes", "area=\"heap\"")).isEqualTo(15_000_000L);
    }
}
