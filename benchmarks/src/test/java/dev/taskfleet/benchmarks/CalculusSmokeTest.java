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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Smoke mode, on every build (docs/BENCHMARKS.md): no timing asserted; the harness must complete
 * and its own checks hold (every task's result checked by its id: once, on the policy's
 * tier, upwards only, charged as its history says). The fleet runs two policies, the one that
 * places everything on the top tier and the cascade that escalates from fast: between them they
 * take every path of the harness (placement, escalation, the charge of each hop). Every other
 * policy differs only in its file, which must load as the router loads it.
 */
class CalculusSmokeTest {

    @Test
    void theCalculusRunsAPolicyOnTheTopTierAndAnEscalatingOneAndChecksEveryResult() throws Exception {
        Map<RoutingScenario, List<ScenarioRun>> runs = CalculusBenchmark.measure(HarnessOptions.parse(
                new CalculusOptions(), "--tasks=40", "--warmup=0", "--runs=1", "--in-flight=64",
                "--scenarios=" + RoutingScenario.ALL_QUALITY.id() + "," + RoutingScenario.CASCADE.id(),
                "--work-dir=" + Path.of("target", "smoke", "calculus")));

        assertThat(runs.keySet()).containsExactly(RoutingScenario.ALL_QUALITY, RoutingScenario.CASCADE);
        assertThat(runs.values()).allSatisfy(list -> assertThat(list).singleElement().satisfies(run -> {
            assertThat(run.tasks()).isEqualTo(40);
            assertThat(run.calls()).isGreaterThanOrEqualTo(40);
            assertThat(run.serialMs()).isPositive();
        }));
        assertThat(runs.get(RoutingScenario.ALL_QUALITY).get(0).placedOnTop()).isEqualTo(40);
        assertThat(runs.get(RoutingScenario.ALL_QUALITY).get(0).escalated()).isZero();
        ScenarioRun cascade = runs.get(RoutingScenario.CASCADE).get(0);
        assertThat(cascade.placedOnTop()).as("tasks the cascade placed on quality first").isZero();
        assertThat(cascade.escalated()).as("tasks the cascade escalated (the fast tier fails the hardest 30%)")
                .isPositive();
    }

    @ParameterizedTest
    @EnumSource(RoutingScenario.class)
    void everyPolicyOfTheCalculusLoads(RoutingScenario scenario) {
        assertThat(scenario.policy().tiers()).isEqualTo(RoutingScenario.TIERS);
    }
}
