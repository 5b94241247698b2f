package dev.taskfleet.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.benchmarks.calculus.CalculusBenchmark;
import dev.taskfleet.benchmarks.calculus.CalculusOptions;
import dev.taskfleet.benchmarks.calculus.RoutingScenario;
import dev.taskfleet.benchmarks.calculus.ScenarioRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Smoke mode, on every build (docs/BENCHMARKS.md): no timing asserted; the harness must complete
 * and its own checks hold (every task's result checked by its id: once, on the policy's
 * tier, upwards only, charged as its history says).
 */
class CalculusSmokeTest {

    @Test
    void theCalculusRunsEveryPolicyAndChecksEveryResult() throws Exception {
        Map<RoutingScenario, List<ScenarioRun>> runs = CalculusBenchmark.measure(HarnessOptions.parse(
                new CalculusOptions(), "--tasks=40", "--warmup=0", "--runs=1", "--in-flight=64",
                "--work-dir=" + Path.of("target", "smoke", "calculus")));

        assertThat(runs.keySet()).containsExactly(RoutingScenario.values());
        assertThat(runs.values()).allSatisfy(list -> assertThat(list).singleElement().satisfies(run -> {
            assertThat(run.tasks()).isEqualTo(40);
            assertThat(run.calls()).isGreaterThanOrEqualTo(40);
            assertThat(run.serialMs()).isPositive();
        }));
        assertThat(runs.get(RoutingScenario.ALL_FAST).get(0).placedOnTop()).isZero();
        assertThat(runs.get(RoutingScenario.ALL_QUALITY).get(0).placedOnTop()).isEqualTo(40);
        assertThat(runs.get(RoutingScenario.ALL_FAST).get(0).escalated()).isZero();
    }
}
