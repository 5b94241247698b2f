package dev.taskfleet.producer.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpendBudgetTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:34:56Z");

    @Test
    void underBothBudgetsNothingIsExhausted() {
        assertThat(new SpendBudget(10.0, 100.0).exhausted(9.99, 99.99, NOW)).isEmpty();
        assertThat(SpendBudget.NONE.exhausted(1e9, 1e9, NOW)).isEmpty();
    }

    @Test
    void theDailyBudgetIsSpentAtItsAmountAndResetsAtUtcMidnight() {
        assertThat(new SpendBudget(10.0, 100.0).exhausted(10.0, 40.0, NOW)).contains(
                new SpendBudget.Exhausted(SpendBudget.DAILY, 10.0, 10.0, Instant.parse("2026-12-03T00:00:00Z")));
    }

    @Test
    void theMonthlyBudgetResetsOnTheFirstOfNextMonthAndWinsWhenBothAreSpent() {
        assertThat(new SpendBudget(10.0, 100.0).exhausted(12.0, 101.0, NOW)).contains(
                new SpendBudget.Exhausted(SpendBudget.MONTHLY, 100.0, 101.0, Instant.parse("2027-01-01T00:00:00Z")));
    }

    @Test
    void aZeroBudgetRefusesEverything() {
        assertThat(new SpendBudget(0.0, null).exhausted(0, 0, NOW)).isPresent();
    }

    @Test
    void aNegativeOrNanBudgetIsRefusedNamingIt() {
        assertThatThrownBy(() -> new SpendBudget(-1.0, null)).hasMessageContaining("daily-budget-usd");
        assertThatThrownBy(() -> new SpendBudget(null, Double.NaN)).hasMessageContaining("monthly-budget-usd");
    }

    @Test
    void aTeamsOwnPeriodsOverrideTheDefaultsOneByOne() {
        BudgetPolicy policy = new BudgetPolicy(new SpendBudget(10.0, 100.0),
                Map.of("big", new SpendBudget(null, 1000.0), "free", SpendBudget.NONE));

        assertThat(policy.budgetFor("big")).isEqualTo(new SpendBudget(10.0, 1000.0));
        assertThat(policy.budgetFor("free")).isEqualTo(new SpendBudget(10.0, 100.0));
        assertThat(policy.budgetFor("anyone")).isEqualTo(new SpendBudget(10.0, 100.0));
    }
}
