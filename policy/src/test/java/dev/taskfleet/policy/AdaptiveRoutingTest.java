package dev.taskfleet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.testkit.MovableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A type failing on its tier is sent one tier up, with the numbers in the explanation. */
class AdaptiveRoutingTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final String POLICY = """
            tiers: [fast, balanced, quality]
            teams:
              interns: {maxTier: balanced}
            rules:
              - id: refactors
                tier: fast
                match: {type: refactor}
            adaptive:
              enabled: true
              window: 15m
              minSamples: 10
              minSuccessRate: 0.8
            """;

    private final RoutingPolicy policy;
    private final OutcomeWindow window = new OutcomeWindow(Duration.ofMinutes(15), Clock.fixed(NOW, ZoneOffset.UTC));

    AdaptiveRoutingTest() throws PolicyException {
        policy = RoutingPolicy.parse(POLICY, "adaptive.yaml");
    }

    @Test
    void aFailingTypeGoesToTheNextTierWithTheNumbers() {
        record("refactor", "fast", 12, 40);

        PolicyDecision decision = policy.decide(Tasks.task("refactor", "Split it.").build(), window);

        assertThat(policy.adaptiveEnabled()).isTrue();
        assertThat(policy.adaptiveWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(decision.tier()).isEqualTo("balanced");
        assertThat(decision.rule()).isEqualTo("adaptive");
        assertThat(decision.explanation()).isEqualTo("refactor on fast: 12/40 succeeded (30%) in the last 15m, below 80%;"
                + " sent to balanced (refactors chose fast)");
    }

    @Test
    void keepsClimbingWhileTheNextTierFailsToo() {
        record("refactor", "fast", 1, 10);
        record("refactor", "balanced", 5, 10);

        PolicyDecision decision = policy.decide(Tasks.task("refactor", "Split it.").build(), window);

        assertThat(decision.tier()).isEqualTo("quality");
        assertThat(decision.explanation()).contains("refactor on fast: 1/10", "refactor on balanced: 5/10",
                "sent to quality");
    }

    @Test
    void tooFewSamplesOrAGoodRateChangeNothing() {
        record("refactor", "fast", 0, 9);
        record("summary", "fast", 9, 10);

        assertThat(policy.decide(Tasks.task("refactor", "x").build(), window).rule()).isEqualTo("refactors");
        assertThat(policy.decide(Tasks.task("summary", "x").build(), window).tier()).isEqualTo("fast");
    }

    @Test
    void respectsTheTeamCap() {
        record("refactor", "fast", 0, 10);
        record("refactor", "balanced", 0, 10);

        PolicyDecision decision = policy.decide(Tasks.task("refactor", "x").team("interns").build(), window);

        assertThat(decision.tier()).isEqualTo("balanced");
        assertThat(decision.rule()).isEqualTo("adaptive");
    }

    @Test
    void doesNotOverrideAnAllowedTierHint() throws PolicyException {
        RoutingPolicy allowing = RoutingPolicy.parse(POLICY + "tierHints: allowed\n", "allowing.yaml");
        record("refactor", "fast", 0, 10);

        PolicyDecision decision = allowing.decide(Tasks.task("refactor", "x").hint("fast").build(), window);

        assertThat(decision.tier()).isEqualTo("fast");
        assertThat(decision.rule()).isEqualTo("tier-hint");
    }

    @Test
    void outcomesLeaveTheWindowAsTimePasses() {
        MovableClock clock = new MovableClock(NOW);
        OutcomeWindow sliding = new OutcomeWindow(Duration.ofMinutes(15), clock);
        for (int i = 0; i < 10; i++) {
            sliding.record("refactor", "fast", false, NOW);
        }
        assertThat(policy.decide(Tasks.task("refactor", "x").build(), sliding).tier()).isEqualTo("balanced");

        clock.set(NOW.plus(Duration.ofMinutes(16)));

        assertThat(sliding.successRate("refactor", "fast")).isEmpty();
        assertThat(policy.decide(Tasks.task("refactor", "x").build(), sliding).tier()).isEqualTo("fast");
    }

    @Test
    void theWindowCountsPerTypeAndTierAndIgnoresOutcomesOlderThanItself() {
        window.record("refactor", "fast", true, NOW.minusSeconds(60));
        window.record("refactor", "fast", false, NOW.minusSeconds(30));
        window.record("refactor", "quality", true, NOW);
        window.record("refactor", "fast", true, NOW.minus(Duration.ofMinutes(20)));

        assertThat(window.successRate("refactor", "fast")).contains(new SuccessRate(2, 1));
        assertThat(window.successRate("refactor", "quality")).contains(new SuccessRate(1, 1));
        assertThat(window.successRate("summary", "fast")).isEmpty();
        assertThat(new SuccessRate(2, 1).ratio()).isEqualTo(0.5);
        assertThat(new SuccessRate(0, 0).ratio()).isEqualTo(1.0);
    }

    @Test
    void disabledAdaptiveIgnoresTheStatistics() throws PolicyException {
        RoutingPolicy off = RoutingPolicy.parse(POLICY.replace("enabled: true", "enabled: false"), "off.yaml");
        record("refactor", "fast", 0, 50);

        assertThat(off.adaptiveEnabled()).isFalse();
        assertThat(off.decide(Tasks.task("refactor", "x").build(), window).tier()).isEqualTo("fast");
        assertThat(off.decide(Tasks.task("refactor", "x").build(), (type, tier) -> Optional.of(new SuccessRate(50, 0)))
                .rule()).isEqualTo("refactors");
    }

    private void record(String type, String tier, int successes, int samples) {
        for (int i = 0; i < samples; i++) {
            window.record(type, tier, i < successes, NOW.minusSeconds(i));
        }
    }

}
