package dev.taskfleet.launcher.demo;

import static dev.taskfleet.launcher.demo.Results.T0;
import static dev.taskfleet.launcher.demo.Results.failed;
import static dev.taskfleet.launcher.demo.Results.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressRendererTest {

    private final ProgressRenderer renderer = new ProgressRenderer();

    private BatchProgress halfDone() {
        BatchProgress progress = new BatchProgress("b1", 4, List.of("fast", "quality"), T0);
        progress.record(succeeded("b1", "t1", "fast", 2000, 0.0010, T0.plusSeconds(1)), T0);
        progress.record(failed("b1", "t2", "quality", 8000, T0.plusSeconds(2)), T0);
        return progress;
    }

    @Test
    void drawsOneLinePerTierAndOneForTheBatch() {
        List<String> lines = renderer.progress(halfDone(), T0.plusSeconds(4));

        assertThat(lines).containsExactly(
                "  fast     [######..................]      1 done      1 ok     0 failed",
                "  quality  [######..................]      1 done      0 ok     1 failed",
                "  all      [############............]      2/4  50%  4.0 s  0.5 tasks/s");
    }

    @Test
    void summarisesPerTierWithTotalsSerialTimeAndSpeedUp() {
        BatchProgress progress = halfDone();
        progress.record(succeeded("b1", "t3", "fast", 2000, 0.0010, T0.plusSeconds(2)), T0);
        progress.record(succeeded("b1", "t4", "quality", 80_000, 0.0200, T0.plusSeconds(2)), T0);

        assertThat(renderer.summary(progress)).containsExactly(
                "  tier       tasks  succeeded  failed  serial time  cost (USD)",
                "  fast           2          2       0        4.0 s      0.0020",
                "  quality        2          1       1       1m 28s      0.0200",
                "  total          4          3       1       1m 32s      0.0220",
                "",
                "  makespan (submit to last result)           2.0 s",
                "  throughput                                 2.0 tasks/s",
                "  one call at a time this would have taken   1m 32s",
                "  speed-up                                   46.0x");
    }

    @Test
    void mentionsDuplicatesOnlyWhenThereWereAny() {
        BatchProgress progress = halfDone();
        assertThat(renderer.summary(progress)).noneMatch(line -> line.contains("duplicate"));

        progress.record(succeeded("b1", "t1", "fast", 2000, 0.0010, T0.plusSeconds(3)), T0);
        assertThat(renderer.summary(progress)).last().asString().contains("duplicate results ignored").endsWith("1");
    }

    @Test
    void formatsDurationsForPeople() {
        assertThat(ProgressRenderer.duration(Duration.ofMillis(4210))).isEqualTo("4.2 s");
        assertThat(ProgressRenderer.duration(Duration.ofSeconds(582))).isEqualTo("9m 42s");
        assertThat(ProgressRenderer.duration(Duration.ofMinutes(65))).isEqualTo("1h 05m");
    }

    @Test
    void barNeverOverflowsWhenMoreArrivedThanExpected() {
        assertThat(ProgressRenderer.bar(7, 5)).isEqualTo("[" + "#".repeat(24) + "]");
        assertThat(ProgressRenderer.bar(0, 0)).isEqualTo("[" + ".".repeat(24) + "]");
    }
}
