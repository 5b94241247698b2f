package dev.taskfleet.producer.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TeamLimitPolicyTest {

    private final TeamLimitPolicy policy = new TeamLimitPolicy(new TeamLimits(1000, 5000, 20),
            Map.of("small", new TeamLimitPolicy.Override(10, null, 2),
                    "greedy", new TeamLimitPolicy.Override(1_000_000, 1_000_000, null)),
            50_000, 8_000);

    @Test
    void aTeamWithoutOverridesGetsTheDefaults() {
        assertThat(policy.limitsFor("anyone")).isEqualTo(new TeamLimits(1000, 5000, 20));
    }

    @Test
    void overridesReplaceOnlyWhatTheyName() {
        assertThat(policy.limitsFor("small")).isEqualTo(new TeamLimits(10, 5000, 2));
    }

    @Test
    void noTeamGoesAboveTheFleetWideCeilings() {
        assertThat(policy.limitsFor("greedy")).isEqualTo(new TeamLimits(50_000, 8_000, 20));
    }

    @Test
    void aZeroLimitIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new TeamLimitPolicy(new TeamLimits(1, 1, 1),
                Map.of("none", new TeamLimitPolicy.Override(null, null, 0)), 10, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }
}
