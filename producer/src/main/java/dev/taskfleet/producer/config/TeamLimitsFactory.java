package dev.taskfleet.producer.config;

import dev.taskfleet.producer.team.BudgetPolicy;
import dev.taskfleet.producer.team.SpendBudget;
import dev.taskfleet.producer.team.TeamLimitPolicy;
import dev.taskfleet.producer.team.TeamLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.HashMap;
import java.util.Map;

/** Builds the per-team limit and budget policies from {@code taskfleet.team-defaults.*} and {@code taskfleet.teams.*}. */
@ApplicationScoped
public class TeamLimitsFactory {

    @Produces
    @ApplicationScoped
    TeamLimitPolicy teamLimitPolicy(FleetConfig config) {
        FleetConfig.TeamDefaults d = config.teamDefaults();
        Map<String, TeamLimitPolicy.Override> overrides = new HashMap<>();
        config.teams().forEach((team, o) -> overrides.put(team, new TeamLimitPolicy.Override(
                o.maxTasksPerBatch().orElse(null), o.maxPromptChars().orElse(null), o.maxBatchesInFlight().orElse(null))));
        return new TeamLimitPolicy(new TeamLimits(d.maxTasksPerBatch(), d.maxPromptChars(), d.maxBatchesInFlight()),
                overrides, config.producer().maxTasksPerBatch(), config.taskLimits().maxPromptChars());
    }

    @Produces
    @ApplicationScoped
    BudgetPolicy budgetPolicy(FleetConfig config) {
        FleetConfig.TeamDefaults d = config.teamDefaults();
        Map<String, SpendBudget> overrides = new HashMap<>();
        config.teams().forEach((team, o) -> overrides.put(team,
                new SpendBudget(o.dailyBudgetUsd().orElse(null), o.monthlyBudgetUsd().orElse(null))));
        return new BudgetPolicy(new SpendBudget(d.dailyBudgetUsd().orElse(null), d.monthlyBudgetUsd().orElse(null)),
                overrides);
    }
}
