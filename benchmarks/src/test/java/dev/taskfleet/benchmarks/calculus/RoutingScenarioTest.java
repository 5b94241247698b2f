package dev.taskfleet.benchmarks.calculus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.contract.Task;
import dev.taskfleet.policy.OutcomeStats;
import dev.taskfleet.policy.RoutingPolicy;
import dev.taskfleet.testkit.TaskBuilder;
import org.junit.jupiter.api.Test;

class RoutingScenarioTest {

    private final Task review = TaskBuilder.task().type("security-review").prompt("Review the login flow.").build();
    private final Task chore = TaskBuilder.task().type("rename-symbol").prompt("Rename x to y.").build();

    @Test
    void everyPolicyLoadsAsTheRouterLoadsIt() {
        for (RoutingScenario scenario : RoutingScenario.values()) {
            assertThat(scenario.policy().tiers()).as(scenario.id()).isEqualTo(RoutingScenario.TIERS);
        }
    }

    @Test
    void theAllAndCascadePoliciesPutEveryTaskOnOneTier() {
        for (Task task : new Task[] {review, chore}) {
            assertThat(RoutingScenario.ALL_FAST.policy().decide(task, OutcomeStats.NONE).tier()).isEqualTo("fast");
            assertThat(RoutingScenario.CASCADE.policy().decide(task, OutcomeStats.NONE).tier()).isEqualTo("fast");
            assertThat(RoutingScenario.ALL_QUALITY.policy().decide(task, OutcomeStats.NONE).tier()).isEqualTo("quality");
        }
    }

    @Test
    void theRoutedPoliciesDecideAsTheDefaultPolicyAndDifferOnlyInEscalationAndAdaptiveRouting() throws Exception {
        RoutingPolicy shipped = RoutingPolicy.defaultPolicy(RoutingScenario.TIERS);
        for (RoutingScenario scenario : new RoutingScenario[] {RoutingScenario.ROUTED, RoutingScenario.ROUTED_ESCALATION,
            RoutingScenario.ADAPTIVE}) {
            for (Task task : new Task[] {review, chore}) {
                assertThat(scenario.policy().decide(task, OutcomeStats.NONE))
                        .isEqualTo(shipped.decide(task, OutcomeStats.NONE));
            }
        }
        assertThat(RoutingScenario.ROUTED.policyYaml()).contains("\nmaxAttempts: 1\n");
        assertThat(RoutingScenario.ROUTED_ESCALATION.policyYaml()).contains("\nmaxAttempts: 4\n");
        assertThat(RoutingScenario.ADAPTIVE.policyYaml()).contains("  enabled: true");
        assertThat(RoutingScenario.ROUTED.escalates()).isFalse();
        assertThat(RoutingScenario.CASCADE.escalates()).isTrue();
    }
}
