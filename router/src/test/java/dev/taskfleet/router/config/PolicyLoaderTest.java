package dev.taskfleet.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.policy.RoutingPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyLoaderTest {

    private static final List<String> TIERS = List.of("fast", "quality");

    @Test
    void usesTheBundledDefaultWhenNoFileIsSet() {
        RoutingPolicy policy = PolicyLoader.load(Optional.empty(), TIERS);

        assertThat(policy.tiers()).isEqualTo(TIERS);
        assertThat(policy.ruleIds()).contains("tier-hint", "heuristic", "escalation");
    }

    @Test
    void loadsAPolicyFile() {
        RoutingPolicy policy = PolicyLoader.load(Optional.of(Path.of("src/test/resources/policies/adaptive.yaml")), TIERS);

        assertThat(policy.adaptiveEnabled()).isTrue();
        assertThat(policy.ruleIds()).contains("cheap-first");
    }

    @Test
    void namesFileLineAndProblemOfABrokenPolicy() {
        assertThatThrownBy(() -> PolicyLoader.load(Optional.of(Path.of("src/test/resources/policies/broken.yaml")), TIERS))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessage("invalid routing policy: src/test/resources/policies/broken.yaml:5: unknown tier 'premium'; "
                        + "the tiers are [fast, quality]");
    }

    @Test
    void refusesAPolicyWhoseTiersDifferFromTheTierOrder() {
        assertThatThrownBy(() -> PolicyLoader.load(Optional.of(Path.of("src/test/resources/policies/escalation.yaml")),
                List.of("fast", "quality", "expert")))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("escalation.yaml")
                .hasMessageContaining("differ from taskfleet.tier-order [fast, quality, expert]");
    }
}
