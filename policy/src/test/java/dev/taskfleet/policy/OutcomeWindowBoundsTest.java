package dev.taskfleet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.testkit.MovableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Task types are free text: the window's memory stays bounded however many distinct types arrive. */
class OutcomeWindowBoundsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(15);

    private final MovableClock clock = new MovableClock(NOW);

    @Test
    void keysWhoseOutcomesAllLeftTheWindowAreEvicted() {
        OutcomeWindow window = new OutcomeWindow(WINDOW, clock);
        for (int i = 0; i < 500; i++) {
            window.record("one-off-" + i, "fast", true, NOW);
        }
        window.record("refactor", "fast", false, NOW.plus(Duration.ofMinutes(10)));
        assertThat(window.trackedKeys()).isEqualTo(501);

        clock.set(NOW.plus(WINDOW).plus(Duration.ofMinutes(1)));
        window.record("summary", "quality", true, clock.instant());

        assertThat(window.trackedKeys()).isEqualTo(2);
        assertThat(window.successRate("refactor", "fast")).contains(new SuccessRate(1, 0));
        assertThat(window.successRate("summary", "quality")).contains(new SuccessRate(1, 1));
        assertThat(window.successRate("one-off-0", "fast")).isEmpty();
    }

    @Test
    void newKeysBeyondTheLimitAreIgnoredAndCountedWhileKnownKeysKeepCounting() {
        OutcomeWindow window = new OutcomeWindow(WINDOW, clock, 3);
        window.record("a", "fast", true, NOW);
        window.record("b", "fast", true, NOW);
        window.record("a", "quality", false, NOW);
        window.record("c", "fast", true, NOW);
        window.record("d", "fast", false, NOW);
        window.record("a", "fast", false, NOW);

        assertThat(window.trackedKeys()).isEqualTo(3);
        assertThat(window.ignoredOutcomes()).isEqualTo(2);
        assertThat(window.successRate("c", "fast")).isEmpty();
        assertThat(window.successRate("a", "fast")).contains(new SuccessRate(2, 1));

        clock.set(NOW.plus(WINDOW).plus(Duration.ofMinutes(1)));
        window.record("c", "fast", true, clock.instant());

        assertThat(window.successRate("c", "fast")).contains(new SuccessRate(1, 1));
        assertThat(window.trackedKeys()).isEqualTo(1);
    }

}
