package dev.taskfleet.worker.ratelimit;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * One pod's share of a tier's provider quota. Before each call the caller {@link #reserve}s one
 * request and the tokens it may use and waits the returned time (on a timer, not a thread); the
 * limiter never refuses, it only spaces calls out.
 *
 * <ul>
 *   <li>Quotas are the fleet's: each pod takes {@code quota / replicas}. Buckets hold at most
 *       {@link #BURST} of that share, so a pod that was idle cannot fire a minute's quota at once.</li>
 *   <li>Tokens are reserved at the worst case (prompt estimate + output cap) and the unused part is
 *       {@link #settle settled} back when the answer reports its usage.</li>
 *   <li>A 429 ({@link #rateLimited}) pauses new calls for the pause asked (Retry-After or back-off)
 *       and halves the request rate (down to {@link #MIN_RATE_FACTOR}); each success then gives back
 *       {@link #RECOVERY_STEP} of the full rate: additive increase, multiplicative decrease. Without a
 *       configured requests-per-minute only the pause applies.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class TierRateLimiter {

    /** Most of the per-minute share a bucket saves up. */
    public static final Duration BURST = Duration.ofSeconds(10);
    /** The lowest the request rate goes after repeated 429s, as a share of the configured rate. */
    public static final double MIN_RATE_FACTOR = 0.125;
    /** Share of the configured rate each successful call gives back after a reduction. */
    public static final double RECOVERY_STEP = 0.05;

    private final TokenBucket requests;
    private final TokenBucket tokens;
    private final LongSupplier nanoTime;
    private double rateFactor = 1;
    private long pausedUntil;

    private TierRateLimiter(TokenBucket requests, TokenBucket tokens, LongSupplier nanoTime) {
        this.requests = requests;
        this.tokens = tokens;
        this.nanoTime = nanoTime;
        this.pausedUntil = nanoTime.getAsLong();
    }

    /**
     * This pod's share of fleet-wide quotas.
     *
     * @param requestsPerMinute the fleet's request quota for the tier; empty for unlimited
     * @param tokensPerMinute   the fleet's token quota (prompt + completion) for the tier; empty for unlimited
     * @param replicas          how many pods share the quotas
     * @param nanoTime          the clock, {@code System::nanoTime} outside tests
     */
    public static TierRateLimiter fleetShare(OptionalLong requestsPerMinute, OptionalLong tokensPerMinute,
            int replicas, LongSupplier nanoTime) {
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be at least 1, was " + replicas);
        }
        long now = nanoTime.getAsLong();
        return new TierRateLimiter(bucket(requestsPerMinute, replicas, now), bucket(tokensPerMinute, replicas, now),
                nanoTime);
    }

    private static TokenBucket bucket(OptionalLong perMinute, int replicas, long now) {
        if (perMinute.isEmpty()) {
            return null;
        }
        if (perMinute.getAsLong() < 1) {
            throw new IllegalArgumentException("a per-minute quota must be at least 1, was " + perMinute.getAsLong());
        }
        double share = (double) perMinute.getAsLong() / replicas;
        double burst = Math.max(1, share * BURST.toNanos() / Duration.ofMinutes(1).toNanos());
        return new TokenBucket(share, burst, now);
    }

    /** Takes one request and {@code tokens} tokens; returns how long to wait before calling (zero: call now). */
    public synchronized Duration reserve(long tokens) {
        long now = nanoTime.getAsLong();
        long wait = Math.max(0, pausedUntil - now);
        if (requests != null) {
            wait = Math.max(wait, requests.take(1, now, rateFactor));
        }
        if (this.tokens != null) {
            wait = Math.max(wait, this.tokens.take(tokens, now, 1));
        }
        return Duration.ofNanos(wait);
    }

    /**
     * A reserved call ended: {@code reserved} tokens were taken, {@code used} were charged (0 for a
     * failed call). Gives back the difference and, after a success, some of the reduced rate.
     */
    public synchronized void settle(long reserved, long used, boolean succeeded) {
        long now = nanoTime.getAsLong();
        if (tokens != null && reserved > used) {
            tokens.give(reserved - used, now, 1);
        } else if (tokens != null && used > reserved) {
            tokens.take(used - reserved, now, 1);
        }
        if (succeeded && rateFactor < 1) {
            refillRequests(now);
            rateFactor = Math.min(1, rateFactor + RECOVERY_STEP);
        }
    }

    /** The provider answered 429: no new call starts for {@code pause}, and the request rate halves. */
    public synchronized void rateLimited(Duration pause) {
        long now = nanoTime.getAsLong();
        pausedUntil = Math.max(pausedUntil, now + Math.max(0, pause.toNanos()));
        if (requests != null) {
            refillRequests(now);
            rateFactor = Math.max(MIN_RATE_FACTOR, rateFactor / 2);
            requests.owe(pausedUntil - now, now, rateFactor);
        }
    }

    /** The share of the configured request rate in force, 1 unless 429s reduced it. */
    public synchronized double rateFactor() {
        return rateFactor;
    }

    private void refillRequests(long now) {
        if (requests != null) {
            requests.refill(now, rateFactor);
        }
    }
}
