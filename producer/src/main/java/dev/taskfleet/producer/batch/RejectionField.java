package dev.taskfleet.producer.batch;

import java.util.Set;

/**
 * The categories a rejection is filed under. They become metric tag values, so they must stay
 * a small fixed set: a field name taken from user input (an unknown field such as
 * {@code tier_hint}) is filed under {@link #UNKNOWN_FIELD} instead of under its own name.
 */
public final class RejectionField {

    /** The line or element is not JSON, or the document around the tasks is broken. */
    public static final String JSON = "json";
    /** An NDJSON line longer than the line limit. */
    public static final String LINE = "line";
    /** The task is valid but larger, as the Kafka record it would become, than the tasks topic takes. */
    public static final String SIZE = "size";
    /** The task has a field the contract does not know. */
    public static final String UNKNOWN_FIELD = "unknown-field";

    private static final Set<String> CONTRACT_FIELDS =
            Set.of("task", "id", "batchId", "type", "prompt", "tierHint", "labels", "schemaVersion",
                    "deadline", "priority");

    private RejectionField() {
    }

    /** The tag for a field named by {@link dev.taskfleet.contract.InvalidTaskException#field()}. */
    public static String of(String field) {
        return CONTRACT_FIELDS.contains(field) ? field : UNKNOWN_FIELD;
    }
}
