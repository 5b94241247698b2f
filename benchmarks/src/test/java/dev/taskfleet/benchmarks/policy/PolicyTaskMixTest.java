package dev.taskfleet.benchmarks.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.contract.Task;
import dev.taskfleet.policy.OutcomeStats;
import dev.taskfleet.policy.PolicyException;
import dev.taskfleet.policy.RoutingPolicy;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The benchmark's task mix is reproducible and exercises every branch of the default policy. */
class PolicyTaskMixTest {

    @Test
    void theSameSeedGivesTheSameTasks() {
        assertThat(PolicyTaskMix.tasks(64, 42)).isEqualTo(PolicyTaskMix.tasks(64, 42));
        assertThat(PolicyTaskMix.tasks(64, 42)).isNotEqualTo(PolicyTaskMix.tasks(64, 43));
    }

    @Test
    void theMixReachesEveryKindOfDecisionAndBothTiers() throws PolicyException {
        RoutingPolicy policy = RoutingPolicy.defaultPolicy(List.of("fast", "quality"));
        List<Task> tasks = PolicyTaskMix.tasks(PolicyDecisionBenchmark.TASKS, PolicyDecisionBenchmark.SEED);

        Set<String> rules = tasks.stream().map(task -> policy.decide(task, OutcomeStats.NONE).rule())
                .collect(Collectors.toSet());
        Set<String> tiers = tasks.stream().map(task -> policy.decide(task, OutcomeStats.NONE).tier())
                .collect(Collectors.toSet());

        assertThat(rules).contains("tier-hint", "reviews", "mechanical-chores", "heuristic");
        assertThat(tiers).containsExactlyInAnyOrder("fast", "quality");
    }
}
