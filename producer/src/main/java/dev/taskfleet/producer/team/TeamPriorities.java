package dev.taskfleet.producer.team;

import dev.taskfleet.contract.InvalidTaskException;
import dev.taskfleet.contract.Priority;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which priority classes one team may use, and when its large batches turn to bulk.
 *
 * @param allowed        the classes the team may use; a task or batch naming another is refused
 * @param bulkAboveTasks tasks after this many of a batch that name no class, in a batch that named
 *                       none, are {@link Priority#BULK}; {@code null}: never
 */
public record TeamPriorities(Set<Priority> allowed, Integer bulkAboveTasks) {

    /** Problem-reply and configuration name of {@link #allowed()}. */
    public static final String PRIORITIES = "priorities";
    /** Configuration name of {@link #bulkAboveTasks()}. */
    public static final String BULK_ABOVE_TASKS = "bulk-above-tasks";
    /** Every class, nothing turned to bulk: a team without settings of its own. */
    public static final TeamPriorities ANY = new TeamPriorities(EnumSet.allOf(Priority.class), null);

    public TeamPriorities {
        if (allowed == null || allowed.isEmpty()) {
            throw new IllegalArgumentException(PRIORITIES + " must name at least one of " + Priority.names());
        }
        allowed = Set.copyOf(allowed);
        if (bulkAboveTasks != null && bulkAboveTasks < 0) {
            throw new IllegalArgumentException(BULK_ABOVE_TASKS + " must be 0 or more, not " + bulkAboveTasks);
        }
        // Otherwise the tasks it turns to bulk would all be refused: a mistake to catch at start-up.
        if (bulkAboveTasks != null && !allowed.contains(Priority.BULK)) {
            throw new IllegalArgumentException(BULK_ABOVE_TASKS + " turns tasks to bulk, so " + PRIORITIES
                    + " must include bulk; it is " + names(allowed));
        }
    }

    /**
     * The class for the task at {@code position} (1-based, every task of the body counted) that
     * names none of its own: the batch's, else bulk past {@link #bulkAboveTasks()}, else
     * {@code null} (standard).
     */
    public Priority forUnnamed(Priority batchPriority, long position) {
        if (batchPriority != null) {
            return batchPriority;
        }
        return bulkAboveTasks != null && position > bulkAboveTasks ? Priority.BULK : null;
    }

    /** @throws InvalidTaskException naming field {@code priority} when {@code team} may not use {@code priority} */
    public void check(String team, Priority priority) throws InvalidTaskException {
        if (!allowed.contains(priority)) {
            throw new InvalidTaskException(Priority.FIELD, "team '" + team + "' may not use priority '"
                    + priority.wireName() + "'; it may use " + names(allowed));
        }
    }

    /** The classes in their order, highest first: {@code standard, bulk}. */
    private static String names(Set<Priority> classes) {
        return EnumSet.copyOf(classes).stream().map(Priority::wireName).collect(Collectors.joining(", "));
    }
}
