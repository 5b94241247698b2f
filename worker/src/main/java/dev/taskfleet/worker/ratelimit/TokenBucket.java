package dev.taskfleet.worker.ratelimit;

/**
 * A token bucket that lends: {@link #take} always succeeds and may drive the level below zero, a
 * debt that refill repays; {@link #untilAtLeast} says how long until the level reaches what the
 * limiter asks before it lets a call take (so a call larger than the bucket still goes, and the
 * calls after it wait longer). Not thread-safe; the limiter locks.
 */
final class TokenBucket {

    private double capacity;
    private double perNano;
    private double level;
    private long last;

    /**
     * @param perMinute refill rate
     * @param capacity  most that can be saved up, the largest burst
     * @param now       the current time in nanoseconds; the bucket starts full
     */
    TokenBucket(double perMinute, double capacity, long now) {
        requirePositive(perMinute, capacity);
        this.capacity = capacity;
        this.perNano = perMinute / 60e9;
        this.level = capacity;
        this.last = now;
    }

    /**
     * Changes rate and capacity from {@code now} on: what refilled until now counts at the old rate,
     * and a level above the new capacity is cut to it, so a smaller share cannot spend what the
     * larger one saved. A debt stays owed and is repaid at the new rate.
     */
    void reshape(double perMinute, double capacity, long now, double rateFactor) {
        requirePositive(perMinute, capacity);
        refill(now, rateFactor);
        this.capacity = capacity;
        this.perNano = perMinute / 60e9;
        level = Math.min(level, capacity);
    }

    private static void requirePositive(double perMinute, double capacity) {
        if (!(perMinute > 0) || !(capacity > 0)) {
            throw new IllegalArgumentException("rate and capacity must be positive, were " + perMinute + " and " + capacity);
        }
    }

    /** Takes {@code amount}, into debt if the level does not cover it. */
    void take(double amount, long now, double rateFactor) {
        refill(now, rateFactor);
        level -= amount;
    }

    /** The nanoseconds until refill brings the level to {@code floor} (at most the capacity), 0 if it is there. */
    long untilAtLeast(double floor, long now, double rateFactor) {
        refill(now, rateFactor);
        double target = Math.min(floor, capacity);
        return level >= target ? 0 : (long) Math.ceil((target - level) / (perNano * rateFactor));
    }

    /** Puts back {@code amount} (a reservation that turned out too large), never above capacity. */
    void give(double amount, long now, double rateFactor) {
        refill(now, rateFactor);
        level = Math.min(capacity, level + amount);
    }

    /**
     * Makes the bucket owe at least {@code nanos} of refill: nothing is granted before then, and
     * afterwards grants are spaced at the refill rate instead of bursting.
     */
    void owe(long nanos, long now, double rateFactor) {
        refill(now, rateFactor);
        level = Math.min(level, -nanos * perNano * rateFactor);
    }

    /** Brings the level up to date at the current rate; call before the rate changes. */
    void refill(long now, double rateFactor) {
        if (now > last) {
            level = Math.min(capacity, level + (now - last) * perNano * rateFactor);
            last = now;
        }
    }

    double level() {
        return level;
    }
}
