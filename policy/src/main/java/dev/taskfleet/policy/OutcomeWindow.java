package dev.taskfleet.policy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Success rates per (task type, tier) over a sliding time window; thread-safe.
 *
 * <p>The window is kept as {@value #BUCKETS} time buckets per key rather than one entry per
 * outcome, so memory stays constant however many results flow through: the window therefore
 * slides in steps of {@code window / }{@value #BUCKETS} (15 s for a 15-minute window). Outcomes
 * older than the window when they are recorded (a replay of old results) are ignored.
 */
public final class OutcomeWindow implements OutcomeStats {

    static final int BUCKETS = 60;

    private final long bucketMillis;
    private final Clock clock;
    private final Map<String, Map<String, Buckets>> byTypeAndTier = new ConcurrentHashMap<>();

    /**
     * @param window how far back outcomes count; at least {@value #BUCKETS} milliseconds
     * @param clock  the time source ({@link Clock#systemUTC()} in production, fixed in tests)
     */
    public OutcomeWindow(Duration window, Clock clock) {
        Objects.requireNonNull(window, "window");
        if (window.toMillis() < BUCKETS) {
            throw new IllegalArgumentException("window must be at least " + BUCKETS + " ms, was " + window);
        }
        this.bucketMillis = window.toMillis() / BUCKETS;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Counts one final outcome of a task of {@code taskType} on {@code tier}, observed at {@code at}. */
    public void record(String taskType, String tier, boolean succeeded, Instant at) {
        long bucket = Math.floorDiv(at.toEpochMilli(), bucketMillis);
        if (bucket <= currentBucket() - BUCKETS) {
            return;
        }
        byTypeAndTier.computeIfAbsent(keyOf(taskType), t -> new ConcurrentHashMap<>())
                .computeIfAbsent(tier, t -> new Buckets())
                .add(bucket, succeeded);
    }

    @Override
    public Optional<SuccessRate> successRate(String taskType, String tier) {
        Map<String, Buckets> byTier = byTypeAndTier.get(keyOf(taskType));
        Buckets buckets = byTier == null ? null : byTier.get(tier);
        if (buckets == null) {
            return Optional.empty();
        }
        SuccessRate rate = buckets.sumAfter(currentBucket() - BUCKETS);
        return rate.samples() == 0 ? Optional.empty() : Optional.of(rate);
    }

    private long currentBucket() {
        return Math.floorDiv(clock.millis(), bucketMillis);
    }

    private static String keyOf(String taskType) {
        return taskType == null ? "" : taskType;
    }

    /** A ring of per-bucket counts; a slot is reused once its bucket has left the window. */
    private static final class Buckets {
        private final long[] bucketOfSlot = new long[BUCKETS];
        private final long[] samples = new long[BUCKETS];
        private final long[] successes = new long[BUCKETS];

        Buckets() {
            java.util.Arrays.fill(bucketOfSlot, Long.MIN_VALUE);
        }

        synchronized void add(long bucket, boolean succeeded) {
            int slot = (int) Math.floorMod(bucket, (long) BUCKETS);
            if (bucketOfSlot[slot] > bucket) {
                return; // the slot already holds a newer bucket: this outcome has left the window
            }
            if (bucketOfSlot[slot] < bucket) {
                bucketOfSlot[slot] = bucket;
                samples[slot] = 0;
                successes[slot] = 0;
            }
            samples[slot]++;
            if (succeeded) {
                successes[slot]++;
            }
        }

        synchronized SuccessRate sumAfter(long oldestExcluded) {
            long total = 0;
            long ok = 0;
            for (int slot = 0; slot < BUCKETS; slot++) {
                if (bucketOfSlot[slot] > oldestExcluded) {
                    total += samples[slot];
                    ok += successes[slot];
                }
            }
            return new SuccessRate(total, ok);
        }
    }
}
