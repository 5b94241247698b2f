package dev.taskfleet.producer.team;

import java.util.Map;
import java.util.Objects;

/** Resolves a team's spend budget: its own periods over the team defaults. */
public final class BudgetPolicy {

    private final SpendBudget defaults;
    private final Map<String, SpendBudget> overrides;

    /**
     * @param defaults  the budget of a team without overrides ({@link SpendBudget#NONE}: unlimited)
     * @param overrides per-team budgets by team name; a {@code null} period keeps the default
     */
    public BudgetPolicy(SpendBudget defaults, Map<String, SpendBudget> overrides) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.overrides = Map.copyOf(overrides);
    }

    /** Whether any team has a budget: without one there is nothing to enforce. */
    public boolean any() {
        return !defaults.equals(SpendBudget.NONE) || overrides.values().stream().anyMatch(b -> !b.equals(SpendBudget.NONE));
    }

    /** The budget {@code team} works under. */
    public SpendBudget budgetFor(String team) {
        SpendBudget own = overrides.get(team);
        return own == null ? defaults : defaults.overriddenBy(own);
    }
}
