package dev.taskfleet.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.benchmarks.policy.PolicyDecisionBenchmark;
import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Smoke mode, on every build (docs/BENCHMARKS.md): no timing asserted; the harness must complete
 * and its own checks hold (both benchmark methods run and score).
 */
class PolicyMicroBenchmarkSmokeTest {

    @Test
    void thePolicyMicroBenchmarkRuns() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(PolicyDecisionBenchmark.class.getName())
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .build()).run();

        assertThat(results).hasSize(2)
                .allSatisfy(result -> assertThat(result.getPrimaryResult().getScore()).isPositive());
    }
}
