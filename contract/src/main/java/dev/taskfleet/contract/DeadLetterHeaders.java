package dev.taskfleet.contract;

/**
 * Kafka header names on records in {@code <prefix>.dlq}. The record's value is the original
 * payload, byte for byte; these headers say where it came from and why it was set aside.
 */
public final class DeadLetterHeaders {

    /** Why the record could not be processed, for a person. */
    public static final String REASON = "taskfleet.dlq.reason";
    /** Stable machine-readable code of the reason, one of {@link DeadLetterReasons}. */
    public static final String REASON_CODE = "taskfleet.dlq.reason-code";
    /** The topic the record was read from. */
    public static final String SOURCE_TOPIC = "taskfleet.dlq.source-topic";
    /** The partition the record was read from. */
    public static final String SOURCE_PARTITION = "taskfleet.dlq.source-partition";
    /** The offset the record was read from. */
    public static final String SOURCE_OFFSET = "taskfleet.dlq.source-offset";
    /** The service that dead-lettered it: {@link #ROUTER} or {@link #WORKER}. */
    public static final String SERVICE = "taskfleet.dlq.service";

    /** {@link #SERVICE} of records the router sets aside (read from the tasks and escalations topics). */
    public static final String ROUTER = "router";
    /** {@link #SERVICE} of records a worker sets aside (read from its tier topic). */
    public static final String WORKER = "worker";

    private DeadLetterHeaders() {
    }
}
