package dev.taskfleet.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The bundled policy adapts to tier orders other than the fast, quality it is written for. */
class DefaultPolicyTiersTest {

    @Test
    void threeTiersSpreadTheThresholdsAndMapRulesToTheEnds() throws PolicyException {
        RoutingPolicy policy = RoutingPolicy.defaultPolicy(List.of("small", "medium", "large"));

        assertThat(policy.tiers()).containsExactly("small", "medium", "large");
        assertThat(decide(policy, "code-review", "x").tier()).isEqualTo("large");
        assertThat(decide(policy, "rename", "x").tier()).isEqualTo("small");
        PolicyDecision oneSignal = decide(policy, "task", "Fix the race.");
        assertThat(oneSignal.tier()).isEqualTo("medium");
        assertThat(oneSignal.explanation()).endsWith("reaches the medium threshold 2.00, below the large threshold 4.00");
        assertThat(decide(policy, "task", "Fix the race in the security layer.").tier()).isEqualTo("large");
    }

    @Test
    void oneTierTakesEverything() throws PolicyException {
        RoutingPolicy policy = RoutingPolicy.defaultPolicy(List.of("only"));

        assertThat(decide(policy, "code-review", "x").tier()).isEqualTo("only");
        PolicyDecision decision = decide(policy, "task", "Fix the race.");
        assertThat(decision.tier()).isEqualTo("only");
        assertThat(decision.explanation()).endsWith("no tier above only has a threshold");
    }

    @Test
    void aBadTierOrderIsAPolicyErrorNamingTheAdaptedSource() {
        assertThatThrownBy(() -> RoutingPolicy.defaultPolicy(List.of("fast", "Bad Tier")))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("default-policy.yaml (adapted to tiers [fast, Bad Tier])")
                .hasMessageContaining("tier name 'Bad Tier' is not usable");
        assertThatThrownBy(() -> RoutingPolicy.defaultPolicy(List.of())).isInstanceOf(PolicyException.class);
    }

    @Test
    void aPolicyWithoutAHeuristicSectionUsesTheDefaultHeuristic() throws PolicyException {
        RoutingPolicy bare = RoutingPolicy.parse("tiers: [fast, quality]\n", "bare.yaml");
        RoutingPolicy defaults = RoutingPolicy.defaultPolicy(List.of("fast", "quality"));

        for (String prompt : List.of("Fix the race.", "Rename x.", "Update src/a/A.java and src/b/B.java and C.py",
                "Plan the migration; mind the deadlock and the typo.")) {
            assertThat(decide(bare, "task", prompt)).isEqualTo(decide(defaults, "task", prompt));
        }
    }

    private static PolicyDecision decide(RoutingPolicy policy, String type, String prompt) {
        return policy.decide(Tasks.task(type, prompt).build(), OutcomeStats.NONE);
    }
}
