package dev.taskfleet.launcher.progress;

import static dev.taskfleet.launcher.progress.Results.T0;
import static dev.taskfleet.launcher.progress.Results.failed;
import static dev.taskfleet.launcher.progress.Results.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryRendererTest {

    private BatchProgress finished() {
        BatchProgress progress = new BatchProgress("b1", 5, List.of("fast", "quality"), T0);
        progress.record(succeeded("b1", "t1", "fast", 2000, 0.0010, T0.plusSeconds(1)), T0);
        progress.record(failed("b1", "t2", "quality", 8000, T0.plusSeconds(2)), T0);
        progress.record(succeeded("b1", "t3", "fast", 2000, 0.0010, T0.plusSeconds(2)), T0);
        progress.record(succeeded("b1", "t4", "quality", 80_000, 0.0200, T0.plusSeconds(2)), T0);
        progress.record(Results.cancelled("b1", "t5", "quality", T0.plusSeconds(2)), T0);
        return progress;
    }

    @Test
    void summarisesPerTierWithTotalsTokensSerialTimeAndSpeedUp() {
        assertThat(SummaryRenderer.summary(finished())).containsExactly(
                "  tier       tasks  succeeded  failed  cancelled     tokens  serial time  cost (USD)",
                "  fast           2          2       0          0        300        4.0 s      0.0020",
                "  quality        3          1       1          1        450       1m 28s      0.0200",
                "  total          5          3       1          1        750       1m 32s      0.0220",
                "",
                "  elapsed (submit to last result)            2.0 s",
                "  throughput                                 2.5 tasks/s",
                "  one call at a time this would have taken   1m 32s",
                "  speed-up                                   46.0x");
    }

    @Test
    void mentionsDuplicatesOnlyWhenThereWereAny() {
        BatchProgress progress = finished();
        assertThat(SummaryRenderer.summary(progress)).noneMatch(line -> line.contains("duplicate"));

        progress.record(succeeded("b1", "t1", "fast", 2000, 0.0010, T0.plusSeconds(3)), T0);
        assertThat(SummaryRenderer.summary(progress)).last().asString().contains("duplicate results ignored").endsWith("1");
    }

    @Test
    void formatsDurationsForPeople() {
        assertThat(SummaryRenderer.duration(Duration.ofMillis(4210))).isEqualTo("4.2 s");
        assertThat(SummaryRenderer.duration(Duration.ofSeconds(582))).isEqualTo("9m 42s");
        assertThat(SummaryRenderer.duration(Duration.ofMinutes(65))).isEqualTo("1h 05m");
    }
}
