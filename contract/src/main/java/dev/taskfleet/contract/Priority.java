package dev.taskfleet.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How urgent a task is to its team: which of the team's waiting tasks a worker starts first. A
 * worker shares its capacity between teams by their weights first; within a team's turn it starts
 * {@link #INTERACTIVE} work before {@link #STANDARD} before {@link #BULK}, each class keeping a
 * minimum share ({@link #share()}) so none is starved. With lanes on, each class of a team has a
 * lane of its own, so a team's interactive batch is not stuck behind its own bulk backlog.
 */
public enum Priority {

    /** Someone is waiting for it: starts first. */
    INTERACTIVE("interactive", 6),
    /** The default. */
    STANDARD("standard", 3),
    /** Large or background work that can wait: starts last, never starved. */
    BULK("bulk", 1);

    /** The name of the task field, the query parameter and the CLI option (without dashes). */
    public static final String FIELD = "priority";

    private final String wireName;
    private final int share;

    Priority(String wireName, int share) {
        this.wireName = wireName;
        this.share = share;
    }

    /** The name on the wire, in the API and in lane names. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * Starts per round while several of a team's classes have work waiting: 6, 3 and 1, so with
     * all three waiting interactive work gets 60% of the team's starts, standard 30% and bulk 10%,
     * and a class alone gets them all.
     */
    public int share() {
        return share;
    }

    /**
     * The class {@code text} names, for user input.
     *
     * @param field the field to name in the error ({@code priority}, ...)
     * @throws InvalidTaskException naming the field and the classes there are
     */
    public static Priority parse(String text, String field) throws InvalidTaskException {
        String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Priority priority : values()) {
            if (priority.wireName.equals(trimmed)) {
                return priority;
            }
        }
        throw new InvalidTaskException(field, "'" + (text == null ? "" : text.strip()) + "' is not a priority; use "
                + names());
    }

    /** Every class's name, highest first: {@code interactive, standard, bulk}. */
    public static String names() {
        return Arrays.stream(values()).map(Priority::wireName).collect(Collectors.joining(", "));
    }

    /**
     * Reading an event: a class this version does not know (written by a newer producer) is read
     * as {@link #STANDARD} rather than refused, so services can be upgraded one at a time. Public
     * for the names that are map keys, such as a batch event's {@code priorities}.
     */
    @JsonCreator
    public static Priority fromWire(String name) {
        for (Priority priority : values()) {
            if (priority.wireName.equals(name)) {
                return priority;
            }
        }
        return STANDARD;
    }

    /** For {@code @JsonInclude(CUSTOM)}: the default class is left off the wire, as before classes existed. */
    public static final class StandardFilter {

        @Override
        public boolean equals(Object value) {
            return value == null || value == STANDARD;
        }

        @Override
        public int hashCode() {
            return StandardFilter.class.hashCode();
        }
    }
}
