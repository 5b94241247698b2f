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
 *   <li>Quotas are the fleet's: each pod takes {@code quota / pods}, where {@code pods} is how many
 *       pods serve the tier right now. It starts at 1 (a pod alone uses the whole quota) and
 *       {@link #splitAmong} changes it while the limiter runs, so the shares follow scaling. Buckets
 *       hold at most {@link #BURST} of the share, so a pod that was idle cannot fire a minute's
 *       quota at once.</li>
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

    private final OptionalLong requestsPerMinute;
    private final OptionalLong tokensPerMinute;
    private final TokenBucket requests;
    private final TokenBucket tokens;
    private final LongSupplier nanoTime;
    private double rateFactor = 1;
    private long pausedUntil;
    private int pods = 1;

    private TierRateLimiter(OptionalLong requestsPerMinute, OptionalLong tokensPerMinute, LongSupplier nanoTime) {
        this.requestsPerMinute = requireQuota(requestsPerMinute);
        this.tokensPerMinute = requireQuota(tokensPerMinute);
        this.nanoTime = nanoTime;
        long now = nanoTime.getAsLong();
        this.pausedUntil = now;
        this.requests = requestsPerMinute.isEmpty() ? null : new TokenBucket(share(requestsPerMinute),
                burst(requestsPerMinute), now);
        this.tokens = tokensPerMinute.isEmpty() ? null : new TokenBucket(share(tokensPerMinute),
                burst(tokensPerMinute), now);
    }

    /**
     * This pod's share of fleet-wide quotas, the whole of them until {@link #splitAmong} says
     * other pods serve the tier too.
     *
     * @param requestsPerMinute the fleet's request quota for the tier; empty for unlimited
     * @param tokensPerMinute   the fleet's token quota (prompt + completion) for the tier; empty for unlimited
     * @param nanoTime          the clock, {@code System::nanoTime} outside tests
     */
    public static TierRateLimiter fleetShare(OptionalLong requestsPerMinute, OptionalLong tokensPerMinute,
            LongSupplier nanoTime) {
        return new TierRateLimiter(requestsPerMinute, tokensPerMinute, nanoTime);
    }

    private static OptionalLong requireQuota(OptionalLong perMinute) {
        if (perMinute.isPresent() && perMinute.getAsLong() < 1) {
            throw new IllegalArgumentException("a per-minute quota must be at least 1, was " + perMinute.getAsLong());
        }
        return perMinute;
    }

    /** Whether a request or token quota is configured; without one there is nothing to split. */
    public boolean limited() {
        return requests != null || tokens != null;
    }

    /**
     * From now on {@code pods} pods (this one included) share the quotas. Refill up to now counts
     * at the old share; savings above the new, smaller burst are dropped, and a debt stays owed.
     */
    public synchronized void splitAmong(int pods) {
        if (pods < 1) {
            throw new IllegalArgumentException("pods must be at least 1, was " + pods);
        }
        if (pods == this.pods) {
            return;
        }
        this.pods = pods;
        long now = nanoTime.getAsLong();
        if (requests != null) {
            requests.reshape(share(requestsPerMinute), burst(requestsPerMinute), now, rateFactor);
        }
        if (tokens != null) {
            tokens.reshape(share(tokensPerMinute), burst(tokensPerMinute), now, 1);
        }
    }

    /** How many pods the quotas are split among now. */
    public synchronized int pods() {
        return pods;
    }

    private double share(OptionalLong perMinute) {
        return (double) perMinute.getAsLong() / pods;
    }

    private double burst(OptionalLong perMinute) {
        return Math.max(1, share(perMinute) * BURST.toNanos() / Duration.ofMinutes(1).toNanos());
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
