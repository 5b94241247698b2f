package dev.taskfleet.kafka;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Exponential back-off, capped: the window after {@code n} failures in a row is
 * {@code min(max, initial * multiplier^(n-1))}. Callers that wait in step with others (every pod
 * retrying a broker at once, every call of a rate-limited tier) draw a uniform delay inside the
 * window ("full jitter") from a random source they inject, so tests can fix it; callers alone on
 * their thread wait the window itself.
 *
 * <p>Immutable and thread-safe; {@link #attempts()} gives a counter for one loop.
 *
 * @param initial    the window after the first failure
 * @param multiplier how much the window grows per failure, at least 1
 * @param max        the largest window
 */
public record Backoff(Duration initial, double multiplier, Duration max) {

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("back-off durations cannot be negative");
        }
        if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("the back-off multiplier must be at least 1, was " + multiplier);
        }
    }

    /** Doubling from {@code initial} up to {@code max}. */
    public static Backoff exponential(Duration initial, Duration max) {
        return new Backoff(initial, 2, max);
    }

    /** The window after {@code failures} failures in a row (the first failure gets {@link #initial()}). */
    public Duration window(int failures) {
        double nanos = initial.toNanos() * Math.pow(multiplier, Math.max(0, failures - 1));
        return nanos >= max.toNanos() ? max : Duration.ofNanos(Math.round(nanos));
    }

    /**
     * A delay drawn uniformly from {@code [0, window(failures)]}.
     *
     * @param uniform numbers in {@code [0, 1)}; seeded in tests
     */
    public Duration jittered(int failures, DoubleSupplier uniform) {
        return Duration.ofNanos(Math.round(uniform.getAsDouble() * window(failures).toNanos()));
    }

    /** A fresh failure counter for one loop. */
    public Attempts attempts() {
        return new Attempts(this);
    }

    /**
     * Failures in a row of one loop: {@link #failed()} after each failure, {@link #succeeded()}
     * after a success. Not thread-safe.
     */
    public static final class Attempts {

        private final Backoff backoff;
        private int failures;

        private Attempts(Backoff backoff) {
            this.backoff = backoff;
        }

        /** Counts a failure and returns how long to wait before trying again. */
        public Duration failed() {
            failures++;
            return backoff.window(failures);
        }

        /** The next try starts from the initial window again. */
        public void succeeded() {
            failures = 0;
        }

        /** Failures since the last success. */
        public int failures() {
            return failures;
        }
    }
}
