package dev.taskfleet.worker.ratelimit;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * One pod's share of a tier's provider quota. Before each call the caller asks to
 * {@link #tryReserve} one request and the tokens it may use: granted, the call starts now;
 * otherwise the caller asks again after the returned time (on a timer, not a thread). The limiter
 * never refuses a call for good, it only spaces calls out.
 *
 * <ul>
 *   <li>Quotas are the fleet's: each pod takes {@code quota / pods}, where {@code pods} is how many
 *       pods serve the tier right now. It starts at 1 (a pod alone uses the whole quota) and
 *       {@link #splitAmong} changes it while the limiter runs, so the shares follow scaling. Buckets
 *       hold at most {@link #BURST} of the share, so a pod that was idle cannot fire a minute's
 *       quota at once.</li>
 *   <li>Tokens are reserved at the worst case (prompt estimate + output cap) and the unused part is
 *       {@link #settle settled} back when the answer reports its usage. A call is granted only
 *       while the token bucket holds its {@link #MARGIN}, however many tokens it reserves (so a
 *       call larger than what is left still goes, into debt, and no size of call waits behind
 *       smaller ones), and a call waiting for tokens asks again at least every
 *       {@link #RECHECK}: tokens given back start the waiting calls within that. (A wait fixed at
 *       reservation, as in a queue, would keep the worst case: a pod that reserved 64 calls at
 *       1,024 output tokens each waited about a minute for answers of 100.)</li>
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
    /**
     * Of its share, what a pod keeps saved up as a margin: a call starts only while each bucket holds
     * this much (a whole request at least). The provider's own bucket refills at the same rate; with
     * no margin the two run in step, and a call the pod lets through a moment early is refused (the
     * quota benchmark saw one 429 every 7-8 s from a pod alone). The margin costs no rate, only one
     * second of the burst.
     */
    public static final Duration MARGIN = Duration.ofSeconds(1);
    /** Longest a call waiting for tokens goes without asking again: tokens given back may clear the debt sooner. */
    public static final Duration RECHECK = Duration.ofMillis(200);

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

    private double margin(OptionalLong perMinute) {
        return share(perMinute) * MARGIN.toNanos() / Duration.ofMinutes(1).toNanos();
    }

    private double burst(OptionalLong perMinute) {
        return Math.max(1, share(perMinute) * BURST.toNanos() / Duration.ofMinutes(1).toNanos());
    }

    /**
     * Asks to start one call of up to {@code tokens} tokens. While no 429 pause is in force and
     * both buckets hold their {@link #MARGIN}, takes one request and the tokens (into debt if they
     * are more than what is left) and returns zero: call now. Otherwise takes nothing and returns
     * how long to wait before asking again: until the pause ends and the request margin has
     * refilled, and until the token margin has refilled or {@link #RECHECK}, whichever is sooner.
     */
    public synchronized Duration tryReserve(long tokens) {
        long now = nanoTime.getAsLong();
        long wait = Math.max(0, pausedUntil - now);
        if (requests != null) {
            wait = Math.max(wait, requests.untilAtLeast(Math.max(1, margin(requestsPerMinute)), now, rateFactor));
        }
        if (this.tokens != null) {
            // Tokens lend: a call goes once the margin is there, however many it reserves. Unused
            // tokens given back may refill it sooner than the refill rate, so a waiting call asks again soon.
            wait = Math.max(wait, Math.min(this.tokens.untilAtLeast(margin(tokensPerMinute), now, 1), RECHECK.toNanos()));
        }
        if (wait > 0) {
            return Duration.ofNanos(wait);
        }
        if (requests != null) {
            requests.take(1, now, rateFactor);
        }
        if (this.tokens != null) {
            this.tokens.take(tokens, now, 1);
        }
        return Duration.ZERO;
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
