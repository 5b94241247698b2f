package dev.taskfleet.benchmarks.policy;

import dev.taskfleet.contract.Task;
import dev.taskfleet.policy.OutcomeStats;
import dev.taskfleet.policy.OutcomeWindow;
import dev.taskfleet.policy.PolicyDecision;
import dev.taskfleet.policy.PolicyException;
import dev.taskfleet.policy.RoutingPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Routing decisions per second of the policy engine alone, single-threaded, over
 * {@link PolicyTaskMix} (1,024 tasks, seed 42) cycled in order:
 * {@code defaultPolicy} with the bundled default policy, {@code adaptivePolicy} with adaptive
 * routing on and an {@link OutcomeWindow} holding outcomes for every (type, tier).
 *
 * <p>Run: {@code java -cp "benchmarks/target/taskfleet-benchmarks.jar:benchmarks/target/lib/*"
 * org.openjdk.jmh.Main PolicyDecisionBenchmark -wi 3 -i 5 -w 1s -r 1s -f 1}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PolicyDecisionBenchmark {

    static final long SEED = 42;
    static final int TASKS = 1024;
    private static final String ADAPTIVE = """
            tiers: [fast, quality]
            rules:
              - id: reviews
                tier: quality
                match: {type: ["*review*", "audit*"]}
              - id: mechanical-chores
                tier: fast
                match: {type: ["rename*", "format*", "docstring*"]}
            adaptive: {enabled: true, window: 15m, minSamples: 20, minSuccessRate: 0.8}
            """;

    private RoutingPolicy defaults;
    private RoutingPolicy adaptive;
    private OutcomeWindow outcomes;
    private Task[] tasks;
    private int next;

    @Setup
    public void setUp() throws PolicyException {
        defaults = RoutingPolicy.defaultPolicy(List.of("fast", "quality"));
        adaptive = RoutingPolicy.parse(ADAPTIVE, "benchmark-adaptive.yaml");
        tasks = PolicyTaskMix.tasks(TASKS, SEED).toArray(Task[]::new);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        outcomes = new OutcomeWindow(Duration.ofMinutes(15), Clock.fixed(now, java.time.ZoneOffset.UTC));
        for (int i = 0; i < tasks.length; i++) {
            // Refactors fail often on fast, so some decisions take the adaptive branch.
            boolean succeeded = !"refactor".equals(tasks[i].type()) || i % 2 == 0;
            outcomes.record(tasks[i].type(), "fast", succeeded, now.minusSeconds(i % 600));
        }
    }

    @Benchmark
    public PolicyDecision defaultPolicy() {
        return defaults.decide(nextTask(), OutcomeStats.NONE);
    }

    @Benchmark
    public PolicyDecision adaptivePolicy() {
        return adaptive.decide(nextTask(), outcomes);
    }

    private Task nextTask() {
        Task task = tasks[next];
        next = (next + 1) & (TASKS - 1);
        return task;
    }
}
