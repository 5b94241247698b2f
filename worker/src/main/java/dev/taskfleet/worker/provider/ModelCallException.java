package dev.taskfleet.worker.provider;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A model call that did not produce an answer. {@link #code()} is stable and machine-readable
 * (it ends up in the task's result and in metrics), and {@link #retryable()} says whether the same
 * request may succeed if sent again, e.g. after a rate limit or a server error, as opposed to a
 * request the provider will always refuse. {@link #retryAfter()} is how long the provider asked
 * callers to wait, when it said so.
 *
 * <p>Messages never contain the prompt or an API key: they end up in results and logs.
 */
public class ModelCallException extends RuntimeException {

    /** The model was briefly unable to answer; trying again may work. */
    public static final String MODEL_UNAVAILABLE = "MODEL_UNAVAILABLE";
    /** The provider does not serve the requested model. */
    public static final String UNKNOWN_MODEL = "UNKNOWN_MODEL";
    /** HTTP 429: the provider's rate limit was hit; retryable, after {@link #retryAfter()} if given. */
    public static final String RATE_LIMITED = "RATE_LIMITED";
    /** HTTP 5xx or an unreadable answer: the provider failed; retryable. */
    public static final String PROVIDER_ERROR = "PROVIDER_ERROR";
    /** No answer within the tier's timeout; retryable. */
    public static final String TIMEOUT = "TIMEOUT";
    /** The connection could not be made or was reset; retryable. */
    public static final String CONNECTION_FAILED = "CONNECTION_FAILED";
    /** HTTP 401 or 403: the API key is missing, wrong or not allowed; permanent. */
    public static final String AUTH_FAILED = "AUTH_FAILED";
    /** HTTP 400 or 422: the provider refuses the request as it is; permanent. */
    public static final String BAD_REQUEST = "BAD_REQUEST";
    /** HTTP 404: wrong base URL or unknown model; permanent. */
    public static final String NOT_FOUND = "NOT_FOUND";
    /** The prompt plus the output cap do not fit the model's context window; permanent. */
    public static final String CONTEXT_LENGTH = "CONTEXT_LENGTH";
    /**
     * The model answered, but not as the task's {@code expect} asked; not retried by the back-off
     * policy (the tier's {@code max-output-rejections} decides whether the tier asks again).
     */
    public static final String OUTPUT_REJECTED = "OUTPUT_REJECTED";

    private final String code;
    private final boolean retryable;
    private final Duration retryAfter;

    public ModelCallException(String code, String message, boolean retryable) {
        this(code, message, retryable, null, null);
    }

    public ModelCallException(String code, String message, boolean retryable, Throwable cause) {
        this(code, message, retryable, null, cause);
    }

    /** @param retryAfter how long the provider asked callers to wait, or {@code null} when it did not say */
    public ModelCallException(String code, String message, boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }

    /** How long the provider asked callers to wait before the next call ({@code Retry-After}), if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
