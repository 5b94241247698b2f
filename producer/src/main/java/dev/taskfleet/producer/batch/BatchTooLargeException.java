package dev.taskfleet.producer.batch;

/**
 * The batch broke a size limit; the reader stops at once. Unchecked so that it passes through
 * the JSON parser untouched when the byte limit trips inside a read.
 */
public class BatchTooLargeException extends RuntimeException {

    /** Which limit was broken. */
    public enum Limit { BYTES, TASKS, PROMPT_CHARS }

    private final Limit limit;
    private final long maximum;

    public BatchTooLargeException(Limit limit, long maximum) {
        super(describe(limit, maximum));
        this.limit = limit;
        this.maximum = maximum;
    }

    public Limit limit() {
        return limit;
    }

    public long maximum() {
        return maximum;
    }

    private static String describe(Limit limit, long maximum) {
        return switch (limit) {
            case BYTES -> "the request body is larger than the limit of " + maximum + " bytes ("
                    + humanBytes(maximum) + "); split the batch";
            case TASKS -> "the batch has more than the limit of " + maximum + " tasks; split the batch";
            case PROMPT_CHARS -> "a prompt is longer than the team's limit of " + maximum + " characters; shorten it";
        };
    }

    static String humanBytes(long bytes) {
        if (bytes >= 1 << 30 && bytes % (1 << 30) == 0) {
            return bytes / (1 << 30) + " GiB";
        }
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return bytes / (1 << 20) + " MiB";
        }
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
            return bytes / (1 << 10) + " KiB";
        }
        return bytes + " bytes";
    }
}
