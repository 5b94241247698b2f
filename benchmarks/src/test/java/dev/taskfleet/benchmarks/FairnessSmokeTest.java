package dev.taskfleet.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Smoke mode, on every build (docs/BENCHMARKS.md): no timing asserted; both modes must complete,
 * every task succeed on the tier, and the large batch must have run while the small one waited.
 */
class FairnessSmokeTest {

    @Test
    void theFairnessHarnessRunsLanesOffAndOnWithTheTierSaturated() throws Exception {
        List<FairnessRow> rows = FairnessBenchmark.measure(HarnessOptions.parse(new FairnessOptions(),
                "--bulk=60", "--small=3", "--in-flight=2", "--latency=PT0.2S", "--delay=PT1S",
                "--work-dir=" + Path.of("target", "smoke", "fairness")));

        assertThat(rows).extracting(FairnessRow::lanes).containsExactly("off", "on");
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.idleSeconds()).isPositive();
            assertThat(row.bulkDoneBehind()).as("lanes %s: the large batch ran while the small one waited", row.lanes())
                    .isPositive();
        });
    }
}
