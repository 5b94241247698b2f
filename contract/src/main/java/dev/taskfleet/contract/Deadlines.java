package dev.taskfleet.contract;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a submitter is willing to wait for a task's result, as people write it: {@code 90m},
 * {@code 2h}, {@code 24h}, {@code 3d} or ISO-8601 ({@code PT24H}). One parser for the task field
 * {@code deadline}, the batch-wide {@code ?deadline=} and the CLI's {@code --deadline}, so all three
 * accept and refuse the same texts with the same message.
 */
public final class Deadlines {

    /** Longer than any provider batch window (24 hours) and any sensible wait; a larger value is a typo. */
    public static final Duration MAX = Duration.ofDays(30);
    /** The name of the field, of the query parameter and of the CLI option (without dashes). */
    public static final String FIELD = "deadline";

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(s|m|h|d)");

    private Deadlines() {
    }

    /**
     * The wait {@code text} names.
     *
     * @param field the field to name in the error ({@code deadline}, {@code tasks[3].deadline}, ...)
     * @throws InvalidTaskException when the text is no duration, not positive, or longer than {@link #MAX}
     */
    public static Duration parse(String text, String field) throws InvalidTaskException {
        String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Duration wait = shortForm(trimmed);
        if (wait == null && trimmed.startsWith("p")) {
            try {
                wait = Duration.parse(trimmed.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                wait = null;
            }
        }
        if (wait == null) {
            throw new InvalidTaskException(field, "'" + abbreviate(text) + "' is not a duration; write how long you"
                    + " are willing to wait, e.g. 90m, 2h, 24h, 3d or PT24H");
        }
        check(wait, field);
        return wait;
    }

    /** Refuses a wait that is not positive or longer than {@link #MAX}. */
    public static void check(Duration wait, String field) throws InvalidTaskException {
        if (wait.isNegative() || wait.isZero()) {
            throw new InvalidTaskException(field, "must be positive, was " + wait);
        }
        if (wait.compareTo(MAX) > 0) {
            throw new InvalidTaskException(field, "is " + wait.toDays() + " days; the longest is " + MAX.toDays()
                    + " days");
        }
    }

    private static Duration shortForm(String text) {
        Matcher matcher = SHORT.matcher(text);
        if (!matcher.matches()) {
            return null;
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
