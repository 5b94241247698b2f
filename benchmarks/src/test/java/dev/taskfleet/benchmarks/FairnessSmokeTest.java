package dev.taskfleet.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Smoke mode, on every build (docs/BENCHMARKS.md): no timing asserted; both modes must complete,
 * every task succeed on the tier, and with lanes on the large batch must still be running when the
 * small one finished (the tier was saturated, which is what the scenario claims to measure).
 */
class FairnessSmokeTest {

    @Test
    void theFairnessHarnessRunsLanesOffAndOnWithTheTierSaturated() throws Exception {
        List<FairnessRow> rows = FairnessBenchmark.measure(HarnessOptions.parse(new FairnessOptions(),
                "--bulk=60", "--small=3", "--in-flight=2", "--latency=PT0.2S", "--delay=PT1S",
                "--work-dir=" + Path.of("target", "smoke", "fairness")));

        assertThat(rows).extracting(FairnessRow::lanes).containsExactly("off", "on");
        assertThat(rows).allSatisfy(row -> assertThat(row.idleSeconds()).isPositive());
        // Lanes off, the small batch waits behind the large one and may finish with it; lanes on, it
        // must finish while the large batch still holds the tier.
        assertThat(rows.get(1).saturatedThroughout()).as("the large batch outlasted the small one").isTrue();
    }
}
