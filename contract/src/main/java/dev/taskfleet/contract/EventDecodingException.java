package dev.taskfleet.contract;

/** A payload that is not a readable event of the expected kind. The message names the problem. */
public class EventDecodingException extends Exception {

    private final String reasonCode;

    public EventDecodingException(String reasonCode, String message) {
        super(message);
        this.reasonCode = reasonCode;
    }

    public EventDecodingException(String reasonCode, String message, Throwable cause) {
        super(message, cause);
        this.reasonCode = reasonCode;
    }

    /**
     * Stable code for metrics and dead-letter headers: {@link DeadLetterReasons#UNPARSEABLE},
     * {@link DeadLetterReasons#UNSUPPORTED_VERSION} or {@link DeadLetterReasons#INVALID_EVENT}.
     */
    public String reasonCode() {
        return reasonCode;
    }
}
