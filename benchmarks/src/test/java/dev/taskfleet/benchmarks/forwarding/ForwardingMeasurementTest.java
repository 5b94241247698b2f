package dev.taskfleet.benchmarks.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.taskfleet.contract.Task;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The arithmetic behind the forwarding table, on made-up append times; nothing is timed here. */
class ForwardingMeasurementTest {

    /** 1,000 records, one per millisecond from t = 10,000 ms. */
    private static final long[] EVEN = LongStream.range(0, 1_000).map(i -> 10_000 + i).toArray();

    @Test
    void percentilesAreNearestRank() {
        assertThat(ForwardingMeasurement.percentile(EVEN, 10)).isEqualTo(10_099);
        assertThat(ForwardingMeasurement.percentile(EVEN, 90)).isEqualTo(10_899);
        assertThat(ForwardingMeasurement.percentile(EVEN, 0)).isEqualTo(10_000);
        assertThat(ForwardingMeasurement.percentile(EVEN, 100)).isEqualTo(10_999);
    }

    @Test
    void ratesOverTheWholeSpanAndTheMiddle() {
        ForwardingMeasurement row = ForwardingMeasurement.of("copy", EVEN,
                new ForwardingMeasurement.CpuWindow(50, 20, 1_000));

        assertThat(row.seconds()).isCloseTo(0.999, within(1e-9));
        assertThat(row.recordsPerSecond()).isCloseTo(1_000 / 0.999, within(1e-6));
        assertThat(row.middleRecordsPerSecond()).isCloseTo(800 / 0.8, within(1e-6));
        // 50 ticks = 500 ms of CPU for 1,000 records.
        assertThat(row.forwarderCpuMsPerThousand()).isCloseTo(500.0, within(1e-9));
        assertThat(row.brokerCpuMsPerThousand()).isCloseTo(200.0, within(1e-9));
    }

    @Test
    void aSlowStartDoesNotDragTheMiddleRate() {
        long[] times = EVEN.clone();
        times[0] = 0;
        java.util.Arrays.sort(times);

        ForwardingMeasurement row = ForwardingMeasurement.of("router", times, new ForwardingMeasurement.CpuWindow(-1, -1, 0));

        assertThat(row.recordsPerSecond()).isLessThan(100);
        assertThat(row.middleRecordsPerSecond()).isCloseTo(1_000, within(1e-6));
        assertThat(row.forwarderCpuMsPerThousand()).isNaN();
    }

    @Test
    void tableComparesEachRowWithTheFirst() {
        ForwardingMeasurement copy = ForwardingMeasurement.of("plain copy", EVEN, new ForwardingMeasurement.CpuWindow(20, 30, 1_000));
        long[] slower = LongStream.range(0, 1_000).map(i -> 10_000 + 4 * i).toArray();
        ForwardingMeasurement router = ForwardingMeasurement.of("router", slower, new ForwardingMeasurement.CpuWindow(100, 40, 1_000));

        String table = ForwardingTable.render(List.of(copy, router));

        assertThat(table).contains("| vs plain copy (middle 80%) |");
        assertThat(table).contains("| plain copy | 1000 | 1.00 | 1001 | 1000 | 100% | 200 | 300 |");
        assertThat(table).contains("| router | 1000 | 4.00 | 250 | 250 | 25% | 1000 | 400 |");
    }

    @Test
    void loaderRenumbersWithoutTouchingTheTask() {
        Task task = new Task(1, "task-3", "bench", "refactor", "Fix it.", "fast", Map.of("a", "b"),
                Instant.parse("2026-01-01T00:00:00Z"), null, 1, null);

        Task renumbered = TaskLoader.renumbered(task, 12_345);

        assertThat(renumbered.id()).isEqualTo("task-0012345");
        assertThat(renumbered).usingRecursiveComparison().ignoringFields("id").isEqualTo(task);
    }
}
