package dev.taskfleet.worker.provider;

import dev.taskfleet.contract.ResultErrorCodes;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A model call that did not produce an answer. {@link #code()} is one of the contract's
 * {@link ResultErrorCodes} (it ends up in the task's result and in metrics), and {@link #retryable()} says whether the same
 * request may succeed if sent again, e.g. after a rate limit or a server error, as opposed to a
 * request the provider will always refuse. {@link #retryAfter()} is how long the provider asked
 * callers to wait, when it said so.
 *
 * <p>Messages never contain the prompt or an API key: they end up in results and logs.
 */
public class ModelCallException extends RuntimeException {

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
