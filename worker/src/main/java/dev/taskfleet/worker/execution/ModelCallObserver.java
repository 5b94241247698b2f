package dev.taskfleet.worker.execution;

import java.time.Duration;

/**
 * Told about every model call when it ends, and about retries, rate-limit waits, authentication
 * failures, rejected answers and what tasks were charged; the metrics adapter listens here. Only
 * {@link #callFinished} is required, so a lambda serves tests that care about calls alone.
 */
@FunctionalInterface
public interface ModelCallObserver {

    ModelCallObserver NONE = (succeeded, elapsed) -> {
    };

    void callFinished(boolean succeeded, Duration elapsed);

    /** A call failed with {@code code} and will be made again. */
    default void retrying(String code) {
    }

    /** A call waited {@code waited} for rate-limit capacity before it was made (zero when it did not wait). */
    default void rateLimitWaited(Duration waited) {
    }

    /** The provider refused the credentials (401/403). */
    default void authFailed() {
    }

    /** An answer failed the task's {@code expect} ({@code OUTPUT_REJECTED}). */
    default void outputRejected() {
    }

    /** A task of {@code team} ended on this tier having been charged these tokens and this cost over its calls here. */
    default void charged(String team, long inputTokens, long outputTokens, double costUsd) {
    }
}
