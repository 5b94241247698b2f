package dev.taskfleet.producer.config;

import dev.taskfleet.contract.InvalidTaskException;
import dev.taskfleet.contract.Priority;
import dev.taskfleet.producer.team.BudgetPolicy;
import dev.taskfleet.producer.team.PriorityPolicy;
import dev.taskfleet.producer.team.SpendBudget;
import dev.taskfleet.producer.team.TeamLimitPolicy;
import dev.taskfleet.producer.team.TeamLimits;
import dev.taskfleet.producer.team.TeamPriorities;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the per-team limit, budget and priority policies from {@code taskfleet.team-defaults.*} and
 * {@code taskfleet.teams.*}.
 */
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

    /**
     * Built at start-up, so a name that is no class, or settings that do not fit together, stop the
     * service there rather than at a team's first batch.
     */
    @Produces
    @ApplicationScoped
    @Startup
    PriorityPolicy priorityPolicy(FleetConfig config) {
        FleetConfig.TeamDefaults d = config.teamDefaults();
        Map<String, PriorityPolicy.Override> overrides = new HashMap<>();
        config.teams().forEach((team, o) -> overrides.put(team, new PriorityPolicy.Override(
                o.priorities()
                        .map(names -> classes(names, "taskfleet.teams.\"" + team + "\"." + TeamPriorities.PRIORITIES))
                        .orElse(null),
                o.bulkAboveTasks().orElse(null))));
        TeamPriorities defaults;
        try {
            defaults = new TeamPriorities(
                    classes(d.priorities(), "taskfleet.team-defaults." + TeamPriorities.PRIORITIES),
                    d.bulkAboveTasks().orElse(null));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("taskfleet.team-defaults: " + e.getMessage(), e);
        }
        return new PriorityPolicy(defaults, overrides);
    }

    /** The classes a configured list names; a name that is no class stops start-up, naming the key. */
    private static Set<Priority> classes(List<String> names, String key) {
        Set<Priority> classes = EnumSet.noneOf(Priority.class);
        for (String name : names) {
            try {
                classes.add(Priority.parse(name, key));
            } catch (InvalidTaskException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        return classes;
    }
}
