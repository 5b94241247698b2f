package dev.taskfleet.benchmarks.calculus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.taskfleet.benchmarks.ResultsFollower.TimedResult;
import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.testkit.ResultBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenarioRunTest {

    private static final long UPLOAD = 1_000_000;
    private final AttemptRecord wrongOnFast = new AttemptRecord("fast", "sim-fast", ResultErrorCodes.OUTPUT_REJECTED,
            "not JSON", 800, 100, 200, 0.0001);
    private final AttemptRecord rightOnQuality = new AttemptRecord("quality", "sim-quality", AttemptRecord.SUCCEEDED,
            null, 3000, 100, 500, 0.0078);
    private final AttemptRecord rightOnFast = new AttemptRecord("fast", "sim-fast", AttemptRecord.SUCCEEDED, null,
            700, 100, 200, 0.0001);

    @Test
    void countsEveryCallInTheSerialTimeAndTheCost() {
        List<TimedResult> results = List.of(
                new TimedResult(ResultBuilder.aResult().taskId("a").onTier("quality").cost(0.0079)
                        .history(List.of(wrongOnFast, rightOnQuality)).build(), UPLOAD + 4_500),
                new TimedResult(ResultBuilder.aResult().taskId("b").onTier("fast").cost(0.0001)
                        .history(List.of(rightOnFast)).build(), UPLOAD + 1_000));

        ScenarioRun run = ScenarioRun.of(RoutingScenario.CASCADE, results, UPLOAD, 0.0002, "quality");

        assertThat(run.serialMs()).as("every call, the escalated one's first call included").isEqualTo(800 + 3000 + 700);
        assertThat(run.calls()).isEqualTo(3);
        assertThat(run.escalated()).isEqualTo(1);
        assertThat(run.placedOnTop()).isZero();
        assertThat(run.costUsd()).isEqualTo(0.0080, offset(1e-12));
        assertThat(run.makespanMs()).isEqualTo(4_500);
        assertThat(run.p50Ms()).isEqualTo(1_000);
        assertThat(run.p95Ms()).isEqualTo(4_500);
        assertThat(run.speedUp()).isEqualTo(4500.0 / 4500);
    }

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

        assertThat(ScenarioRun.percentile(sorted, 50)).isEqualTo(5);
        assertThat(ScenarioRun.percentile(sorted, 95)).isEqualTo(10);
        assertThat(ScenarioRun.percentile(new long[0], 50)).isZero();
    }

    @Test
    void theVerdictComparesRoutedWithEscalationToAllQualityOnMedians() {
        ScenarioRun quality = new ScenarioRun(RoutingScenario.ALL_QUALITY, 100, 96, 1.00, 1.0, 10_000, 2_000_000, 1, 1, 100, 0, 100);
        ScenarioRun routed = new ScenarioRun(RoutingScenario.ROUTED_ESCALATION, 100, 95, 0.35, 0.3, 8_000, 900_000, 1, 1, 120, 10, 30);

        String verdict = CalculusTable.verdict(Map.of(RoutingScenario.ALL_QUALITY, List.of(quality),
                RoutingScenario.ROUTED_ESCALATION, List.of(routed)));

        assertThat(verdict).contains("reaches 99.0% of all-quality's success (target >= 98%): met")
                .contains("at 35.0% of its cost (target <= 40%): met")
                .contains("113x to 200x shorter than one call at a time (target >= 100x): met by every policy");
    }
}
