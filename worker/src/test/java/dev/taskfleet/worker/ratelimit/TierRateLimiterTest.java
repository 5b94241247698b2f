package dev.taskfleet.worker.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TierRateLimiterTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private TierRateLimiter limiter(OptionalLong rpm, OptionalLong tpm, int pods) {
        TierRateLimiter limiter = TierRateLimiter.fleetShare(rpm, tpm, nanos::get);
        limiter.splitAmong(pods);
        return limiter;
    }

    /** Calls granted at once, without waiting, until the first that would wait. */
    private static int freeCalls(TierRateLimiter limiter) {
        int free = 0;
        while (limiter.reserve(0).isZero()) {
            free++;
        }
        return free;
    }

    private void advance(Duration step) {
        nanos.addAndGet(step.toNanos());
    }

    @Test
    void unlimitedNeverWaits() {
        TierRateLimiter limiter = limiter(OptionalLong.empty(), OptionalLong.empty(), 1);

        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.reserve(100_000)).isZero();
        }
    }

    @Test
    void aBurstOfTenSecondsGoesAtOnceThenCallsAreSpacedAtTheRate() {
        // 600 per minute is 10 per second; the bucket holds 10 seconds' worth, 100 requests.
        TierRateLimiter limiter = limiter(OptionalLong.of(600), OptionalLong.empty(), 1);
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.reserve(0)).isZero();
        }

        assertThat(limiter.reserve(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(limiter.reserve(0)).isEqualTo(Duration.ofMillis(200));
        advance(Duration.ofSeconds(1));
        // Ten refilled in that second paid back the two owed; eight are free again.
        for (int i = 0; i < 8; i++) {
            assertThat(limiter.reserve(0)).isZero();
        }
        assertThat(limiter.reserve(0)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void eachPodTakesItsShareOfTheFleetQuota() {
        // 600 per minute over 3 pods: 200 per minute each (one per 300 ms), 33.3 saved up.
        TierRateLimiter limiter = limiter(OptionalLong.of(600), OptionalLong.empty(), 3);

        assertThat(freeCalls(limiter)).isEqualTo(33);
        // The 34th left the bucket 0.67 short (200 ms); the 35th 1.67 short: 500 ms.
        assertThat(limiter.reserve(0).toMillis()).isBetween(499L, 501L);
    }

    @Test
    void tokensAreReservedAtTheWorstCaseAndTheUnusedPartComesBack() {
        // 60,000 tokens per minute: 1,000 per second, 10,000 saved up.
        TierRateLimiter limiter = limiter(OptionalLong.empty(), OptionalLong.of(60_000), 1);

        assertThat(limiter.reserve(10_000)).isZero();
        assertThat(limiter.reserve(1_000)).isEqualTo(Duration.ofSeconds(1));
        limiter.settle(10_000, 2_000, true);
        limiter.settle(1_000, 0, false);
        // 8,000 + 1,000 came back on top of the 1,000 owed: the bucket holds 8,000.
        assertThat(limiter.reserve(8_000)).isZero();
        assertThat(limiter.reserve(500)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void a429PausesNewCallsForTheRetryAfterEvenWithoutAConfiguredRate() {
        TierRateLimiter limiter = limiter(OptionalLong.empty(), OptionalLong.empty(), 1);

        limiter.rateLimited(Duration.ofSeconds(5));

        assertThat(limiter.reserve(0)).isEqualTo(Duration.ofSeconds(5));
        advance(Duration.ofSeconds(2));
        assertThat(limiter.reserve(0)).isEqualTo(Duration.ofSeconds(3));
        advance(Duration.ofSeconds(3));
        assertThat(limiter.reserve(0)).isZero();
    }

    @Test
    void a429HalvesTheRequestRateWithoutABurstAfterThePauseAndSuccessesRestoreIt() {
        TierRateLimiter limiter = limiter(OptionalLong.of(600), OptionalLong.empty(), 1);

        limiter.rateLimited(Duration.ofSeconds(2));

        assertThat(limiter.rateFactor()).isEqualTo(0.5);
        // Nothing before the pause ends, then one call per 200 ms (half of 10 per second), not a burst.
        assertThat(limiter.reserve(0).toMillis()).isBetween(2_199L, 2_201L);
        assertThat(limiter.reserve(0).toMillis()).isBetween(2_399L, 2_401L);

        limiter.rateLimited(Duration.ofSeconds(1));
        limiter.rateLimited(Duration.ofSeconds(1));
        limiter.rateLimited(Duration.ofSeconds(1));
        assertThat(limiter.rateFactor()).isEqualTo(TierRateLimiter.MIN_RATE_FACTOR);

        for (int i = 0; i < 100; i++) {
            limiter.settle(0, 0, true);
        }
        assertThat(limiter.rateFactor()).isEqualTo(1.0);
        // Back at full rate: after the debt is repaid the bucket refills at 10 per second again.
        advance(Duration.ofMinutes(1));
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.reserve(0)).isZero();
        }
    }

    @Test
    void failedCallsDoNotRestoreTheRate() {
        TierRateLimiter limiter = limiter(OptionalLong.of(600), OptionalLong.empty(), 1);
        limiter.rateLimited(Duration.ofSeconds(1));

        limiter.settle(0, 0, false);

        assertThat(limiter.rateFactor()).isEqualTo(0.5);
    }

    @Test
    void aPodAloneUsesTheWholeQuota() {
        TierRateLimiter limiter = TierRateLimiter.fleetShare(OptionalLong.of(600), OptionalLong.empty(), nanos::get);

        assertThat(limiter.pods()).isEqualTo(1);
        assertThat(freeCalls(limiter)).isEqualTo(100);
    }

    @Test
    void whenPodsJoinTheShareShrinksAtOnceAndSavingsAboveTheNewBurstAreDropped() {
        TierRateLimiter limiter = limiter(OptionalLong.of(600), OptionalLong.empty(), 1);

        limiter.splitAmong(3);

        // 200 per minute each now: the burst is 33.3, not the 100 saved up alone.
        assertThat(freeCalls(limiter)).isEqualTo(33);
        // And the refill is a third of the quota: 3.33 per second.
        advance(Duration.ofSeconds(3));
        assertThat(freeCalls(limiter)).isEqualTo(9);
    }

    @Test
    void whenPodsLeaveTheShareGrowsAndTheRefillUpToThenCountsAtTheOldShare() {
        TierRateLimiter limiter = limiter(OptionalLong.of(600), OptionalLong.empty(), 3);
        assertThat(freeCalls(limiter)).isEqualTo(33);
        // 1.67 owed after the 34th; 3 s at 3.33 per second repays it and saves 8.33.
        advance(Duration.ofSeconds(3));

        limiter.splitAmong(1);

        assertThat(limiter.pods()).isEqualTo(1);
        assertThat(freeCalls(limiter)).isEqualTo(9);
        // From here the whole quota refills: 10 in a second, less the 0.67 the last call owed.
        advance(Duration.ofSeconds(1));
        assertThat(freeCalls(limiter)).isEqualTo(9);
    }

    @Test
    void theTokenQuotaFollowsTheSplitToo() {
        // 60,000 tokens per minute over 2 pods: 500 per second each, 5,000 saved up.
        TierRateLimiter limiter = limiter(OptionalLong.empty(), OptionalLong.of(60_000), 2);

        assertThat(limiter.reserve(5_000)).isZero();
        assertThat(limiter.reserve(500)).isEqualTo(Duration.ofSeconds(1));
        limiter.splitAmong(1);
        assertThat(limiter.reserve(1_000)).isEqualTo(Duration.ofMillis(1_500));
    }

    @Test
    void aSplitAmongNoPodsIsRefused() {
        TierRateLimiter limiter = limiter(OptionalLong.of(600), OptionalLong.empty(), 1);

        assertThatThrownBy(() -> limiter.splitAmong(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pods must be at least 1, was 0");
    }
}
