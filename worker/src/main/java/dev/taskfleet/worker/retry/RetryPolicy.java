package dev.taskfleet.worker.retry;

import dev.taskfleet.worker.provider.ModelCallException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Decides whether a failed call is tried again and how long to wait first.
 *
 * <p>Only {@link ModelCallException#retryable() retryable} failures are retried, and only while
 * fewer than {@code maxAttempts} calls have been made. The wait before call {@code n+1} is drawn
 * uniformly from {@code [0, min(maxBackoff, initialBackoff * multiplier^(n-1))]} ("full jitter"):
 * spreading retries over the whole window keeps pods that failed together from retrying together.
 * A {@code Retry-After} from the provider wins when it is longer than the drawn delay.
 *
 * @param maxAttempts    most calls per task, the first included; 1 disables retries
 * @param initialBackoff the back-off window after the first failure
 * @param multiplier     how much the window grows per failure, at least 1
 * @param maxBackoff     the largest window
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {

    /** One call, never retried. */
    public static final RetryPolicy NO_RETRIES = new RetryPolicy(1, Duration.ZERO, 1, Duration.ZERO);

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, was " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("back-off durations cannot be negative");
        }
        if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("the back-off multiplier must be at least 1, was " + multiplier);
        }
    }

    /**
     * The wait before the next call, or empty when the task should fail now.
     *
     * @param callsMade how many calls have been made, the failed one included
     * @param failure   why the last call failed
     * @param uniform   a source of uniform numbers in {@code [0, 1)}
     */
    public Optional<Duration> delayBeforeRetry(int callsMade, ModelCallException failure, DoubleSupplier uniform) {
        if (!failure.retryable() || callsMade >= maxAttempts) {
            return Optional.empty();
        }
        long jittered = Math.round(uniform.getAsDouble() * window(callsMade).toNanos());
        Duration delay = Duration.ofNanos(jittered);
        Duration asked = failure.retryAfter().orElse(Duration.ZERO);
        return Optional.of(asked.compareTo(delay) > 0 ? asked : delay);
    }

    /** The back-off window after {@code failures} consecutive failures: {@code min(max, initial * multiplier^(failures-1))}. */
    public Duration window(int failures) {
        double nanos = initialBackoff.toNanos() * Math.pow(multiplier, Math.max(0, failures - 1));
        return nanos >= maxBackoff.toNanos() ? maxBackoff : Duration.ofNanos(Math.round(nanos));
    }
}
