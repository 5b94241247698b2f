package dev.taskfleet.producer.team;

import dev.taskfleet.contract.Priority;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Resolves which priority classes a team may use: its own settings over the team defaults, key by key. */
public final class PriorityPolicy {

    private final TeamPriorities defaults;
    private final Map<String, Override> overrides;

    /**
     * One team's settings; {@code null} components keep the default.
     *
     * @param allowed        overrides {@link TeamPriorities#allowed()}
     * @param bulkAboveTasks overrides {@link TeamPriorities#bulkAboveTasks()}
     */
    public record Override(Set<Priority> allowed, Integer bulkAboveTasks) {
    }

    public PriorityPolicy(TeamPriorities defaults, Map<String, Override> overrides) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.overrides = Map.copyOf(overrides);
        // A team whose settings do not fit together is refused at start-up, not at its first batch.
        this.overrides.keySet().forEach(this::prioritiesFor);
    }

    /** The classes {@code team} may use. */
    public TeamPriorities prioritiesFor(String team) {
        Override o = overrides.get(team);
        if (o == null) {
            return defaults;
        }
        Set<Priority> allowed = o.allowed() != null ? o.allowed() : defaults.allowed();
        // A team kept from bulk has no way to unset the default's turn to bulk, so it does not inherit it.
        Integer bulkAbove = o.bulkAboveTasks() != null ? o.bulkAboveTasks()
                : allowed.contains(Priority.BULK) ? defaults.bulkAboveTasks() : null;
        try {
            return new TeamPriorities(allowed, bulkAbove);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("taskfleet.teams.\"" + team + "\": " + e.getMessage(), e);
        }
    }
}
