package dev.taskfleet.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void theWindowGrowsByTheMultiplierUpToTheCap() {
        assertThat(backoff.window(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.window(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.window(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(backoff.window(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.window(500)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void jitterDrawsInsideTheWindowFromTheInjectedSource() {
        assertThat(backoff.jittered(3, () -> 0.5)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.jittered(3, () -> 0.0)).isEqualTo(Duration.ZERO);
        Random seeded = new Random(42);
        for (int i = 0; i < 100; i++) {
            assertThat(backoff.jittered(2, seeded::nextDouble)).isBetween(Duration.ZERO, Duration.ofMillis(200));
        }
    }

    @Test
    void attemptsCountFailuresInARowAndStartOverAfterASuccess() {
        Backoff.Attempts attempts = backoff.attempts();
        assertThat(attempts.failed()).isEqualTo(Duration.ofMillis(100));
        assertThat(attempts.failed()).isEqualTo(Duration.ofMillis(200));
        assertThat(attempts.failures()).isEqualTo(2);
        attempts.succeeded();
        assertThat(attempts.failed()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void refusesAShrinkingOrNegativeBackoff() {
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(1), 0.5, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofMillis(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
