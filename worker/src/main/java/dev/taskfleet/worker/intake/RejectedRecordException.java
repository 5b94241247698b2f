package dev.taskfleet.worker.intake;

import java.util.Objects;

/**
 * A record that is not a runnable task. {@link #reasonCode()} is stable (it becomes a DLQ header
 * and a metric tag); the message says what was wrong, for a person, without quoting the prompt.
 */
public class RejectedRecordException extends Exception {

    private final String reasonCode;

    public RejectedRecordException(String reasonCode, String message) {
        super(message);
        this.reasonCode = Objects.requireNonNull(reasonCode, "reasonCode");
    }

    public String reasonCode() {
        return reasonCode;
    }
}
