package dev.taskfleet.policy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Success rates per (task type, tier) over a sliding time window; thread-safe.
 *
 * <p>The window is kept as {@value #BUCKETS} time buckets per key rather than one entry per
 * outcome, so memory per key stays constant however many results flow through: the window
 * therefore slides in steps of {@code window / }{@value #BUCKETS} (15 s for a 15-minute window).
 * Outcomes older than the window when they are recorded (a replay of old results) are ignored.
 *
 * <p>Memory is bounded although task types are free text chosen by users: a key whose buckets
 * have all left the window is evicted (swept during {@link #record}, at most once per window
 * step), and at most {@code maxKeys} keys are tracked ({@value #DEFAULT_MAX_KEYS} by default, about
 * 1.5 KB each, so about 15 MB). An outcome of a new key while the limit is reached is ignored and
 * counted in {@link #ignoredOutcomes()}; that key gets statistics once older keys have aged out.
 */
public final class OutcomeWindow implements OutcomeStats {

    static final int BUCKETS = 60;
    /** The default limit of tracked (type, tier) keys. */
    public static final int DEFAULT_MAX_KEYS = 10_000;

    private final long bucketMillis;
    private final Clock clock;
    private final int maxKeys;
    private final Map<Key, Buckets> byKey = new ConcurrentHashMap<>();
    private final AtomicLong lastSweepBucket = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong ignoredOutcomes = new AtomicLong();

    /**
     * Tracks at most {@value #DEFAULT_MAX_KEYS} (type, tier) keys.
     *
     * @param window how far back outcomes count; at least {@value #BUCKETS} milliseconds
     * @param clock  the time source ({@link Clock#systemUTC()} in production, fixed in tests)
     */
    public OutcomeWindow(Duration window, Clock clock) {
        this(window, clock, DEFAULT_MAX_KEYS);
    }

    /**
     * @param window  how far back outcomes count; at least {@value #BUCKETS} milliseconds
     * @param clock   the time source ({@link Clock#systemUTC()} in production, fixed in tests)
     * @param maxKeys how many (type, tier) keys are tracked at most; at least 1
     */
    public OutcomeWindow(Duration window, Clock clock, int maxKeys) {
        Objects.requireNonNull(window, "window");
        if (window.toMillis() < BUCKETS) {
            throw new IllegalArgumentException("window must be at least " + BUCKETS + " ms, was " + window);
        }
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1, was " + maxKeys);
        }
        this.bucketMillis = window.toMillis() / BUCKETS;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxKeys = maxKeys;
    }

    /** Counts one final outcome of a task of {@code taskType} on {@code tier}, observed at {@code at}. */
    public void record(String taskType, String tier, boolean succeeded, Instant at) {
        long current = currentBucket();
        long oldestExcluded = current - BUCKETS;
        sweepOncePerStep(current, oldestExcluded);
        long bucket = Math.floorDiv(at.toEpochMilli(), bucketMillis);
        if (bucket <= oldestExcluded) {
            return;
        }
        byKey.compute(new Key(keyOf(taskType), tier), (key, buckets) -> {
            if (buckets == null) {
                if (byKey.size() >= maxKeys) {
                    ignoredOutcomes.incrementAndGet();
                    return null;
                }
                buckets = new Buckets();
            }
            buckets.add(bucket, succeeded);
            return buckets;
        });
    }

    @Override
    public Optional<SuccessRate> successRate(String taskType, String tier) {
        Buckets buckets = byKey.get(new Key(keyOf(taskType), tier));
        if (buckets == null) {
            return Optional.empty();
        }
        SuccessRate rate = buckets.sumAfter(currentBucket() - BUCKETS);
        return rate.samples() == 0 ? Optional.empty() : Optional.of(rate);
    }

    /** How many (type, tier) keys are tracked now. */
    public int trackedKeys() {
        return byKey.size();
    }

    /** Outcomes ignored because they were of a new key while {@code maxKeys} keys were tracked. */
    public long ignoredOutcomes() {
        return ignoredOutcomes.get();
    }

    /** Evicts keys with nothing left in the window; one sweep per window step keeps it amortised. */
    private void sweepOncePerStep(long current, long oldestExcluded) {
        long last = lastSweepBucket.get();
        if (current <= last || !lastSweepBucket.compareAndSet(last, current)) {
            return;
        }
        // computeIfPresent is atomic per key, so an outcome recorded concurrently is never lost
        // into an evicted Buckets.
        for (Key key : byKey.keySet()) {
            byKey.computeIfPresent(key, (k, buckets) -> buckets.newestBucket() <= oldestExcluded ? null : buckets);
        }
    }

    private long currentBucket() {
        return Math.floorDiv(clock.millis(), bucketMillis);
    }

    private static String keyOf(String taskType) {
        return taskType == null ? "" : taskType;
    }

    private record Key(String taskType, String tier) {
    }

    /** A ring of per-bucket counts; a slot is reused once its bucket has left the window. */
    private static final class Buckets {
        private final long[] bucketOfSlot = new long[BUCKETS];
        private final long[] samples = new long[BUCKETS];
        private final long[] successes = new long[BUCKETS];
        private long newest = Long.MIN_VALUE;

        Buckets() {
            Arrays.fill(bucketOfSlot, Long.MIN_VALUE);
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
            newest = Math.max(newest, bucket);
        }

        synchronized long newestBucket() {
            return newest;
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
