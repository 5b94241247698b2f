package dev.taskfleet.producer.team;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * A team's spend budgets in US dollars, per UTC day and per UTC month, counted from the costs of
 * its results at the tiers' prices. {@code null}: no budget for that period.
 *
 * @param dailyUsd   most the team may spend in one UTC day
 * @param monthlyUsd most the team may spend in one UTC month
 */
public record SpendBudget(Double dailyUsd, Double monthlyUsd) {

    /** Problem-reply name of {@link #dailyUsd()}. */
    public static final String DAILY = "daily-budget-usd";
    /** Problem-reply name of {@link #monthlyUsd()}. */
    public static final String MONTHLY = "monthly-budget-usd";
    /** No budget at all. */
    public static final SpendBudget NONE = new SpendBudget(null, null);

    public SpendBudget {
        requireNotNegative(DAILY, dailyUsd);
        requireNotNegative(MONTHLY, monthlyUsd);
    }

    /**
     * A budget the team has used up.
     *
     * @param limit     {@link #DAILY} or {@link #MONTHLY}
     * @param budgetUsd that budget
     * @param spentUsd  what the team spent in the period
     * @param resetsAt  when the period ends (UTC midnight, or the first of the next month)
     */
    public record Exhausted(String limit, double budgetUsd, double spentUsd, Instant resetsAt) {
    }

    /**
     * The budget {@code spent} has reached at {@code now}, if any. With both used up, the monthly
     * one, as a new day would not help.
     *
     * @param spentToday     what the team spent in the UTC day of {@code now}
     * @param spentThisMonth what it spent in the UTC month of {@code now}
     */
    public Optional<Exhausted> exhausted(double spentToday, double spentThisMonth, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (monthlyUsd != null && spentThisMonth >= monthlyUsd) {
            Instant nextMonth = YearMonth.from(today).plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            return Optional.of(new Exhausted(MONTHLY, monthlyUsd, spentThisMonth, nextMonth));
        }
        if (dailyUsd != null && spentToday >= dailyUsd) {
            Instant tomorrow = today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            return Optional.of(new Exhausted(DAILY, dailyUsd, spentToday, tomorrow));
        }
        return Optional.empty();
    }

    /** This budget with {@code override}'s periods where it sets them. */
    public SpendBudget overriddenBy(SpendBudget override) {
        return new SpendBudget(override.dailyUsd != null ? override.dailyUsd : dailyUsd,
                override.monthlyUsd != null ? override.monthlyUsd : monthlyUsd);
    }

    private static void requireNotNegative(String name, Double usd) {
        if (usd != null && (usd.isNaN() || usd < 0)) {
            throw new IllegalArgumentException(name + " must be 0 or more US dollars, not " + usd);
        }
    }
}
