package dev.taskfleet.contract;

import java.util.List;

/**
 * The reason codes in {@link DeadLetterHeaders#REASON_CODE}: why a record was set aside on
 * {@code <prefix>.dlq}. Stable; metrics are tagged with them. Each service gives the subset it
 * can meet (see its module README).
 */
public final class DeadLetterReasons {

    /** The value is not a JSON object in UTF-8 (or is empty, or a tombstone). */
    public static final String UNPARSEABLE = "UNPARSEABLE";
    /** The event's {@code schemaVersion} is newer than this build reads. */
    public static final String UNSUPPORTED_VERSION = "UNSUPPORTED_VERSION";
    /** The JSON is not a complete event of the expected kind (a field missing or of the wrong type). */
    public static final String INVALID_EVENT = "INVALID_EVENT";
    /**
     * The event decoded, but its task breaks the contract or the configured task limits; or (router)
     * the record it would be written as is larger than its destination topic takes.
     */
    public static final String INVALID_TASK = "INVALID_TASK";
    /** A routed task read from a tier topic names another tier (worker). */
    public static final String WRONG_TIER = "WRONG_TIER";
    /** The router failed on the record for a reason that is not the record's fault (a bug); replay it once fixed. */
    public static final String ROUTING_FAILED = "ROUTING_FAILED";
    /** The worker failed on the record for a reason that is not the record's fault (a bug); replay it once fixed. */
    public static final String WORKER_ERROR = ResultErrorCodes.WORKER_ERROR;

    /** Every code above, in the order the documentation lists them. */
    public static final List<String> ALL = List.of(UNPARSEABLE, UNSUPPORTED_VERSION, INVALID_EVENT, INVALID_TASK,
            WRONG_TIER, ROUTING_FAILED, WORKER_ERROR);

    private DeadLetterReasons() {
    }
}
