package dev.taskfleet.producer.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TeamSpendTest {

    private static final Instant NOON = Instant.parse("2026-12-02T12:00:00Z");

    private final TeamSpend spend = new TeamSpend();

    @Test
    void aTeamsSpendIsCountedPerUtcDayAndMonth() {
        spend.charge("a", Instant.parse("2026-12-02T00:00:00Z"), 0.25);
        spend.charge("a", Instant.parse("2026-12-02T23:59:59Z"), 0.50);
        spend.charge("a", Instant.parse("2026-12-01T23:59:59Z"), 2.00);
        spend.charge("a", Instant.parse("2026-11-30T12:00:00Z"), 8.00);

        TeamSpend.Spent spent = spend.spent("a", NOON);
        assertThat(spent.dayUsd()).isCloseTo(0.75, within(1e-9));
        assertThat(spent.monthUsd()).isCloseTo(2.75, within(1e-9));
    }

    @Test
    void teamsAreCountedApart() {
        spend.charge("a", NOON, 1.0);
        spend.charge("b", NOON, 0.5);

        assertThat(spend.spent("b", NOON).dayUsd()).isCloseTo(0.5, within(1e-9));
        assertThat(spend.spent("nobody", NOON)).isEqualTo(new TeamSpend.Spent(0, 0));
    }

    @Test
    void aNewDayAndANewMonthStartAtZero() {
        spend.charge("a", Instant.parse("2026-11-30T23:00:00Z"), 3.0);

        assertThat(spend.spent("a", Instant.parse("2026-12-01T00:00:00Z"))).isEqualTo(new TeamSpend.Spent(0, 0));
    }

    @Test
    void tinyCostsAddUpWithoutRoundingAway() {
        for (int i = 0; i < 1_000_000; i++) {
            spend.charge("a", NOON, 0.000_001_5);
        }

        assertThat(spend.spent("a", NOON).dayUsd()).isCloseTo(1.5, within(1e-6));
    }

    @Test
    void resultsReadOutOfOrderCountInTheirOwnPeriodAndOldPeriodsAreDropped() {
        spend.charge("a", NOON, 1.0);
        spend.charge("a", NOON.minusSeconds(86_400L * (TeamSpend.DAYS_KEPT + 5)), 4.0);
        spend.charge("a", NOON.minusSeconds(86_400), 2.0);

        assertThat(spend.spent("a", NOON).dayUsd()).isCloseTo(1.0, within(1e-9));
        assertThat(spend.spent("a", NOON.minusSeconds(86_400)).dayUsd()).isCloseTo(2.0, within(1e-9));
        assertThat(spend.spent("a", NOON.minusSeconds(86_400L * (TeamSpend.DAYS_KEPT + 5))).dayUsd())
                .as("older than %d days before the newest charge", TeamSpend.DAYS_KEPT).isZero();
    }
}
