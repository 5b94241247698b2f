package dev.taskfleet.producer.batch;

/**
 * One submitted task that was not accepted.
 *
 * @param line   1-based line of the body where the task starts (or where the body broke)
 * @param index  0-based position in the {@code tasks} array for the JSON form, {@code null} for NDJSON
 * @param id     the id the submitter gave, when one could be read, else {@code null}
 * @param field  what was wrong, from a small fixed set (see {@link RejectionField}); safe as a metric tag
 * @param error  what the submitter should fix, e.g. {@code field 'prompt': is required}
 */
public record Rejection(long line, Integer index, String id, String field, String error) {
}
