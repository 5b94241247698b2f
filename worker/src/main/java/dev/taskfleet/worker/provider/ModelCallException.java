package dev.taskfleet.worker.provider;

import java.util.Objects;

/**
 * A model call that did not produce an answer. {@link #code()} is stable and machine-readable
 * (it ends up in the task's result and in metrics), and {@link #retryable()} says whether the same
 * request may succeed if sent again, e.g. after a rate limit or a server error, as opposed to a
 * request the provider will always refuse.
 */
public class ModelCallException extends RuntimeException {

    /** The model was briefly unable to answer; trying again may work. */
    public static final String MODEL_UNAVAILABLE = "MODEL_UNAVAILABLE";
    /** The provider does not serve the requested model. */
    public static final String UNKNOWN_MODEL = "UNKNOWN_MODEL";

    private final String code;
    private final boolean retryable;

    public ModelCallException(String code, String message, boolean retryable) {
        this(code, message, retryable, null);
    }

    public ModelCallException(String code, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.retryable = retryable;
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }
}
