package dev.taskfleet.producer.team;

import java.util.Map;
import java.util.Objects;

/**
 * Resolves a team's limits: its overrides over the team defaults, each capped by the fleet-wide
 * ceiling (a team cannot be allowed a prompt the contract's validator would refuse anyway).
 */
public final class TeamLimitPolicy {

    private final TeamLimits defaults;
    private final Map<String, Override> overrides;
    private final int ceilingTasksPerBatch;
    private final int ceilingPromptChars;

    /**
     * One team's overrides; {@code null} components keep the default.
     *
     * @param maxTasksPerBatch   overrides {@link TeamLimits#maxTasksPerBatch()}
     * @param maxPromptChars     overrides {@link TeamLimits#maxPromptChars()}
     * @param maxBatchesInFlight overrides {@link TeamLimits#maxBatchesInFlight()}
     */
    public record Override(Integer maxTasksPerBatch, Integer maxPromptChars, Integer maxBatchesInFlight) {
    }

    /**
     * @param defaults             limits of a team without overrides
     * @param overrides            per-team overrides by team name
     * @param ceilingTasksPerBatch the fleet-wide most tasks per batch
     * @param ceilingPromptChars   the fleet-wide longest prompt
     */
    public TeamLimitPolicy(TeamLimits defaults, Map<String, Override> overrides,
                           int ceilingTasksPerBatch, int ceilingPromptChars) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.overrides = Map.copyOf(overrides);
        this.ceilingTasksPerBatch = ceilingTasksPerBatch;
        this.ceilingPromptChars = ceilingPromptChars;
        this.overrides.keySet().forEach(this::limitsFor);
    }

    /** The limits {@code team} works under. */
    public TeamLimits limitsFor(String team) {
        Override o = overrides.get(team);
        int tasks = o != null && o.maxTasksPerBatch() != null ? o.maxTasksPerBatch() : defaults.maxTasksPerBatch();
        int prompt = o != null && o.maxPromptChars() != null ? o.maxPromptChars() : defaults.maxPromptChars();
        int inFlight = o != null && o.maxBatchesInFlight() != null ? o.maxBatchesInFlight() : defaults.maxBatchesInFlight();
        return new TeamLimits(Math.min(tasks, ceilingTasksPerBatch), Math.min(prompt, ceilingPromptChars), inFlight);
    }
}
