package dev.taskfleet.worker.retry;

import dev.taskfleet.kafka.Backoff;
import dev.taskfleet.worker.provider.ModelCallException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Decides whether a failed call is tried again on this tier and how long to wait first.
 *
 * <p>Only {@link ModelCallException#retryable() retryable} failures are retried, and only while
 * fewer than {@code maxAttempts} calls have been made. The wait before call {@code n+1} is drawn
 * uniformly from {@code [0, min(maxBackoff, initialBackoff * multiplier^(n-1))]} ("full jitter"):
 * spreading retries over the whole window keeps pods that failed together from retrying together.
 * A {@code Retry-After} from the provider wins when it is longer than the drawn delay, but only up
 * to {@code maxRetryAfter}: a task waiting for a retry holds its in-flight permit, so a provider
 * asking for ten minutes would otherwise idle the worker's capacity for ten minutes.
 *
 * <p>An answer that fails the task's {@code expect} is asked for again, at once (the provider did
 * not fail, so there is nothing to back off from), until {@code maxOutputRejections} answers were
 * rejected or {@code maxAttempts} calls were made; then the tier gives up and the task may escalate.
 *
 * @param maxAttempts         most calls per task on this tier, the first included; 1 disables retries
 * @param initialBackoff      the back-off window after the first failure
 * @param multiplier          how much the window grows per failure, at least 1
 * @param maxBackoff          the largest window
 * @param maxRetryAfter       the longest {@code Retry-After} honoured; longer ones are cut to it
 * @param maxOutputRejections rejected answers after which the tier stops calling, at least 1
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff,
        Duration maxRetryAfter, int maxOutputRejections) {

    /** The default {@code max-retry-after}. */
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);

    /** One call, never retried. */
    public static final RetryPolicy NO_RETRIES = new RetryPolicy(1, Duration.ZERO, 1, Duration.ZERO);

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, was " + maxAttempts);
        }
        if (maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("the retry-after cap cannot be negative");
        }
        // Checks the back-off's own settings.
        new Backoff(initialBackoff, multiplier, maxBackoff);
        if (maxOutputRejections < 1) {
            throw new IllegalArgumentException("max output rejections must be at least 1, was " + maxOutputRejections);
        }
    }

    /** Back-off only: {@link #DEFAULT_MAX_RETRY_AFTER} and one output rejection. */
    public RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {
        this(maxAttempts, initialBackoff, multiplier, maxBackoff, DEFAULT_MAX_RETRY_AFTER, 1);
    }

    /**
     * The wait before the next call, or empty when the task should stop calling this tier now.
     *
     * @param callsMade how many calls have been made, the failed one included
     * @param failure   why the last call failed
     * @param uniform   a source of uniform numbers in {@code [0, 1)}
     */
    public Optional<Duration> delayBeforeRetry(int callsMade, ModelCallException failure, DoubleSupplier uniform) {
        if (!failure.retryable() || callsMade >= maxAttempts) {
            return Optional.empty();
        }
        Duration delay = backoff().jittered(callsMade, uniform);
        Duration asked = failure.retryAfter().map(this::capRetryAfter).orElse(Duration.ZERO);
        return Optional.of(asked.compareTo(delay) > 0 ? asked : delay);
    }

    /** Whether to ask the model again after {@code rejections} rejected answers in {@code callsMade} calls. */
    public boolean askAgainAfterRejection(int callsMade, int rejections) {
        return rejections < maxOutputRejections && callsMade < maxAttempts;
    }

    /** A provider's {@code Retry-After}, cut to {@link #maxRetryAfter()}. */
    public Duration capRetryAfter(Duration retryAfter) {
        return retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
    }

    /** The back-off window after {@code failures} consecutive failures: {@code min(max, initial * multiplier^(failures-1))}. */
    public Duration window(int failures) {
        return backoff().window(failures);
    }

    /**
     * The longest a task can spend on this tier when every call takes {@code callTimeout}: every
     * attempt times out, and before each retry the wait is the larger of the whole back-off window
     * and the {@code Retry-After} cap (the drawn delay never exceeds the window, and a provider's
     * {@code Retry-After} is cut to the cap). Rate-limit waits are not included: they depend on the
     * traffic, not on these settings.
     */
    public Duration longestTask(Duration callTimeout) {
        Duration longest = callTimeout.multipliedBy(maxAttempts);
        for (int failures = 1; failures < maxAttempts; failures++) {
            Duration window = window(failures);
            longest = longest.plus(window.compareTo(maxRetryAfter) > 0 ? window : maxRetryAfter);
        }
        return longest;
    }

    /** The fleet's one back-off ({@link Backoff}) with this tier's settings. */
    private Backoff backoff() {
        return new Backoff(initialBackoff, multiplier, maxBackoff);
    }
}
