package dev.taskfleet.policy;

import static dev.taskfleet.testkit.AttemptBuilder.anAttempt;
import static dev.taskfleet.testkit.EscalationBuilder.anEscalation;
import static dev.taskfleet.testkit.RoutedTaskBuilder.aRoutedTask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.EscalationRequest;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Escalation climbs the tier order and stops at the highest tier, the team's cap or its attempts. */
class EscalationTest {

    private static final String POLICY = """
            tiers: [fast, balanced, quality]
            maxAttempts: 4
            teams:
              interns: {maxTier: balanced, maxAttempts: 2}
            """;

    private final RoutingPolicy policy;

    EscalationTest() throws PolicyException {
        policy = RoutingPolicy.parse(POLICY, "escalation.yaml");
    }

    @Test
    void goesToTheNextTierUp() {
        EscalationDecision decision = policy.escalate(request("default", "fast", 1));

        assertThat(decision.nextTier()).contains("balanced");
        assertThat(decision.reason()).isEqualTo("escalated from fast to balanced after TIMEOUT (1 of 4 model calls used)");
    }

    @Test
    void climbsOneTierAtATime() {
        assertThat(policy.escalate(request("default", "balanced", 2)).nextTier()).contains("quality");
    }

    @Test
    void stopsAtTheHighestTier() {
        EscalationDecision decision = policy.escalate(request("default", "quality", 2));

        assertThat(decision.nextTier()).isEmpty();
        assertThat(decision.reason()).isEqualTo("TIMEOUT on quality; quality is the highest tier");
    }

    @Test
    void stopsAtTheTeamsMaxTier() {
        EscalationDecision decision = policy.escalate(request("interns", "balanced", 1));

        assertThat(decision.nextTier()).isEmpty();
        assertThat(decision.reason()).isEqualTo("TIMEOUT on balanced; team 'interns' is capped at balanced");
    }

    @Test
    void stopsWhenTheTeamsAttemptsAreUsed() {
        EscalationDecision decision = policy.escalate(request("interns", "fast", 2));

        assertThat(decision.nextTier()).isEmpty();
        assertThat(decision.reason())
                .isEqualTo("TIMEOUT on fast; no further attempt: 2 model calls made and team 'interns' allows 2 per task");
        assertThat(policy.escalate(request("interns", "fast", 1)).nextTier()).contains("balanced");
    }

    @Test
    void theDefaultAttemptLimitAppliesToTeamsWithoutLimits() {
        assertThat(policy.escalate(request("default", "fast", 3)).nextTier()).contains("balanced");
        assertThat(policy.escalate(request("default", "fast", 4)).nextTier()).isEmpty();
    }

    @Test
    void anUnknownTierIsRefusedRatherThanGuessed() {
        EscalationDecision decision = policy.escalate(request("default", "legacy", 1));

        assertThat(decision.nextTier()).isEmpty();
        assertThat(decision.reason()).contains("tier legacy is not one of the policy's tiers");
    }

    @Test
    void theDefaultPolicyEscalatesAfterFastsTwoAsksAndARetryButNotAfterFourCalls() throws PolicyException {
        RoutingPolicy defaults = RoutingPolicy.defaultPolicy(List.of("fast", "quality"));

        assertThat(defaults.escalate(request("default", "fast", 3)).nextTier())
                .as("two rejected answers and one retried error on fast still reach quality").contains("quality");
        assertThat(defaults.escalate(request("default", "fast", 4)).nextTier()).isEmpty();
        assertThat(defaults.escalate(request("default", "quality", 1)).nextTier()).isEmpty();
    }

    private static EscalationRequest request(String team, String tier, int calls) {
        AttemptRecord timedOut = anAttempt().onTier(tier).model("model").failed("TIMEOUT", "no answer in 30s")
                .latencyMs(30_000).tokens(10, 0).build();
        return anEscalation()
                .of(aRoutedTask().task(Tasks.task("refactor", "Split it.").team(team).build()).onTier(tier)
                        .routing("heuristic", 0.5, "score 0.5"))
                .history(Collections.nCopies(calls, timedOut)).because("TIMEOUT", "no answer in 30s").build();
    }
}
