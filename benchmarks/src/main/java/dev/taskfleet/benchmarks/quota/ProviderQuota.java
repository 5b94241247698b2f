package dev.taskfleet.benchmarks.quota;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * The provider's side of a quota, as token buckets the way most providers describe theirs: one for
 * requests, one for tokens, each refilled continuously at its per-minute quota / 60 per second and
 * holding at most {@code burst} of it, full at the start. A call is admitted only if both buckets
 * cover it (one request, and the tokens it will be charged); otherwise nothing is taken and the
 * answer is how many whole seconds until both would, the {@code Retry-After} of a 429.
 *
 * <p>Pure: the caller passes the clock. Thread-safe.
 */
final class ProviderQuota {

    private final double requestsPerNano;
    private final double tokensPerNano;
    private final double requestCapacity;
    private final double tokenCapacity;
    private double requests;
    private double tokens;
    private long last;

    /**
     * @param requestsPerMinute the request quota, at least 1
     * @param tokensPerMinute   the token quota (prompt + completion), at least 1
     * @param burst             how much of each quota the buckets save up, at least 1 s
     * @param now               the clock in nanoseconds
     */
    ProviderQuota(long requestsPerMinute, long tokensPerMinute, Duration burst, long now) {
        if (requestsPerMinute < 1 || tokensPerMinute < 1 || burst.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("quotas must be at least 1 and the burst at least 1 s, were "
                    + requestsPerMinute + ", " + tokensPerMinute + " and " + burst);
        }
        this.requestsPerNano = requestsPerMinute / 60e9;
        this.tokensPerNano = tokensPerMinute / 60e9;
        this.requestCapacity = Math.max(1, (double) requestsPerMinute * burst.toNanos() / 60e9);
        this.tokenCapacity = (double) tokensPerMinute * burst.toNanos() / 60e9;
        this.requests = requestCapacity;
        this.tokens = tokenCapacity;
        this.last = now;
    }

    /** The most tokens one call may be charged: the token bucket's capacity. */
    long largestCall() {
        return (long) tokenCapacity;
    }

    /**
     * Admits a call charged {@code callTokens}, or refuses it.
     *
     * @return empty when admitted (the buckets paid for it), otherwise the whole seconds, at least
     *         1, until both buckets cover it
     */
    synchronized OptionalLong admit(long callTokens, long now) {
        if (now > last) {
            requests = Math.min(requestCapacity, requests + (now - last) * requestsPerNano);
            tokens = Math.min(tokenCapacity, tokens + (now - last) * tokensPerNano);
            last = now;
        }
        if (requests >= 1 && tokens >= callTokens) {
            requests -= 1;
            tokens -= callTokens;
            return OptionalLong.empty();
        }
        double waitNanos = Math.max((1 - requests) / requestsPerNano, (callTokens - tokens) / tokensPerNano);
        // Whole nanoseconds first, so a rate's rounding error cannot add a second.
        return OptionalLong.of(Math.max(1, -Math.floorDiv(-Math.round(waitNanos), 1_000_000_000L)));
    }
}
