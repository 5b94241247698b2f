package dev.taskfleet.launcher.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.testkit.MovableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestartBudgetTest {

    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Instant START_OF_TEST = Instant.parse("2025-01-01T00:00:00Z");

    private final MovableClock clock = new MovableClock(START_OF_TEST);
    private final RestartBudget budget = new RestartBudget(3, WINDOW, clock);

    @Test
    void allowsTheMaximumWithinTheWindowAndRefusesOneMore() {
        assertThat(budget.tryTakeRestart()).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(budget.tryTakeRestart()).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(budget.tryTakeRestart()).isTrue();
        assertThat(budget.restartsWithinWindow()).isEqualTo(3);

        clock.advance(Duration.ofMinutes(1));
        assertThat(budget.tryTakeRestart()).as("a fourth restart 3 minutes after the first").isFalse();
        assertThat(budget.restartsWithinWindow()).as("a refused restart is not counted").isEqualTo(3);
    }

    @Test
    void allowsAgainOnceTheOldestRestartLeftTheWindow() {
        budget.tryTakeRestart();
        clock.advance(Duration.ofMinutes(4));
        budget.tryTakeRestart();
        budget.tryTakeRestart();

        clock.advance(WINDOW.minusMinutes(4).minusSeconds(1));
        assertThat(budget.tryTakeRestart()).as("one second before the first restart leaves the window").isFalse();

        clock.advance(Duration.ofSeconds(1));
        assertThat(budget.tryTakeRestart()).as("the first restart is exactly a window ago").isTrue();
        assertThat(budget.restartsWithinWindow()).isEqualTo(3);
        assertThat(budget.tryTakeRestart()).as("the two restarts 4 minutes in still count").isFalse();

        clock.advance(Duration.ofMinutes(4));
        assertThat(budget.restartsWithinWindow()).isEqualTo(1);
        assertThat(budget.tryTakeRestart()).isTrue();
        assertThat(budget.tryTakeRestart()).isTrue();
        assertThat(budget.tryTakeRestart()).isFalse();
    }

    @Test
    void restartsFarApartNeverSpendTheBudget() {
        for (int i = 0; i < 10; i++) {
            assertThat(budget.tryTakeRestart()).as("restart %d, a window after the one before", i + 1).isTrue();
            clock.advance(WINDOW);
        }
        assertThat(budget.restartsWithinWindow()).isZero();
    }

    @Test
    void refusesABudgetThatCouldNeverRestart() {
        assertThatThrownBy(() -> new RestartBudget(0, WINDOW, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RestartBudget(1, Duration.ZERO, clock)).isInstanceOf(IllegalArgumentException.class);
    }

}
