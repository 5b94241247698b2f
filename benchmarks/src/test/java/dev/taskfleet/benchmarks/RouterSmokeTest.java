package dev.taskfleet.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.benchmarks.forwarding.ForwardingMeasurement;
import dev.taskfleet.benchmarks.forwarding.ForwardingOptions;
import dev.taskfleet.benchmarks.forwarding.RouterThroughputBenchmark;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Smoke mode, on every build (docs/BENCHMARKS.md): no timing asserted; the harness must complete
 * and its own checks hold (each task exactly once, by its id, on the topic it belongs on, read_committed;
 * the warm-up's too), and each forwarder is measured on the measured tasks alone.
 */
class RouterSmokeTest {

    @Test
    void theRouterHarnessFindsEachTaskOnceOnItsTierTopic() throws Exception {
        List<ForwardingMeasurement> rows = RouterThroughputBenchmark.measure(HarnessOptions.parse(new ForwardingOptions(),
                "--tasks=1000", "--warm-up=500", "--work-dir=" + Path.of("target", "smoke", "router")));

        assertThat(rows).extracting(ForwardingMeasurement::name)
                .containsExactly("plain copy", "transactional copy", "router");
        assertThat(rows).allSatisfy(row -> assertThat(row.records()).isEqualTo(1000));
    }
}
