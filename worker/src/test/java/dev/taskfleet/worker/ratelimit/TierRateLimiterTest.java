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
        while (limiter.tryReserve(0).isZero()) {
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
            assertThat(limiter.tryReserve(100_000)).isZero();
        }
    }

    @Test
    void aBurstOfTenSecondsLessTheMarginGoesAtOnceThenCallsAreSpacedAtTheRate() {
        // 600 per minute is 10 per second; the bucket holds 10 seconds' worth, 100 requests, and
        // keeps a margin of one second's, 10: 91 calls go while it holds 10 or more.
        TierRateLimiter limiter = limiter(OptionalLong.of(600), OptionalLong.empty(), 1);
        for (int i = 0; i < 91; i++) {
            assertThat(limiter.tryReserve(0)).isZero();
        }

        assertThat(limiter.tryReserve(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(limiter.tryReserve(0)).as("a call that waits takes nothing").isEqualTo(Duration.ofMillis(100));
        advance(Duration.ofMillis(100));
        assertThat(limiter.tryReserve(0)).isZero();
        assertThat(limiter.tryReserve(0)).isEqualTo(Duration.ofMillis(100));
        advance(Duration.ofSeconds(1));
        // Ten refilled in that second, above the margin.
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryReserve(0)).isZero();
        }
        assertThat(limiter.tryReserve(0)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void eachPodTakesItsShareOfTheFleetQuota() {
        // 600 per minute over 3 pods: 200 per minute each (one per 300 ms), 33.3 saved up, a margin of 3.33.
        TierRateLimiter limiter = limiter(OptionalLong.of(600), OptionalLong.empty(), 3);

        assertThat(freeCalls(limiter)).isEqualTo(31);
        // 2.33 left: the margin is back in 300 ms.
        assertThat(limiter.tryReserve(0).toMillis()).isBetween(299L, 301L);
    }

    @Test
    void tokensAreReservedAtTheWorstCaseAndTheUnusedPartStartsTheWaitingCalls() {
        // 60,000 tokens per minute: 1,000 per second, 10,000 saved up, a margin of 1,000.
        TierRateLimiter limiter = limiter(OptionalLong.empty(), OptionalLong.of(60_000), 1);

        assertThat(limiter.tryReserve(9_000)).isZero();
        assertThat(limiter.tryReserve(2_000)).as("the margin is there: lent, the bucket owes 1,000").isZero();
        // Refill would bring the margin back in two seconds; the call asks again sooner in case tokens come back.
        assertThat(limiter.tryReserve(500)).isEqualTo(TierRateLimiter.RECHECK);
        advance(TierRateLimiter.RECHECK);
        assertThat(limiter.tryReserve(500)).as("800 still owed").isEqualTo(TierRateLimiter.RECHECK);

        limiter.settle(9_000, 1_000, true);

        // 8,000 came back on top of the 800 owed: the waiting call goes, and 6,700 are left.
        assertThat(limiter.tryReserve(500)).isZero();
        assertThat(limiter.tryReserve(5_700)).isZero();
        assertThat(limiter.tryReserve(1)).as("the bucket holds its margin").isZero();
        assertThat(limiter.tryReserve(1).toMillis()).as("one token short of it").isEqualTo(1);
    }

    @Test
    void aCallThatUsedMoreThanItReservedMakesTheNextOnesWait() {
        TierRateLimiter limiter = limiter(OptionalLong.empty(), OptionalLong.of(60_000), 1);
        assertThat(limiter.tryReserve(9_000)).isZero();

        limiter.settle(9_000, 9_100, true);

        assertThat(limiter.tryReserve(1).toMillis()).as("100 short of the margin at 1,000 a second").isEqualTo(100);
    }

    @Test
    void a429PausesNewCallsForTheRetryAfterEvenWithoutAConfiguredRate() {
        TierRateLimiter limiter = limiter(OptionalLong.empty(), OptionalLong.empty(), 1);

        limiter.rateLimited(Duration.ofSeconds(5));

        assertThat(limiter.tryReserve(0)).isEqualTo(Duration.ofSeconds(5));
        advance(Duration.ofSeconds(2));
        assertThat(limiter.tryReserve(0)).isEqualTo(Duration.ofSeconds(3));
        advance(Duration.ofSeconds(3));
        assertThat(limiter.tryReserve(0)).isZero();
    }

    @Test
    void a429HalvesTheRequestRateWithoutABurstAfterThePauseAndSuccessesRestoreIt() {
        TierRateLimiter limiter = limiter(OptionalLong.of(600), OptionalLong.empty(), 1);

        limiter.rateLimited(Duration.ofSeconds(2));

        assertThat(limiter.rateFactor()).isEqualTo(0.5);
        // Nothing before the pause ends and the margin of 10 has refilled at half of 10 per second...
        assertThat(limiter.tryReserve(0).toMillis()).isBetween(3_999L, 4_001L);
        advance(Duration.ofSeconds(4));
        assertThat(limiter.tryReserve(0)).isZero();
        // ...then one call per 200 ms, not a burst.
        assertThat(limiter.tryReserve(0).toMillis()).isBetween(199L, 201L);

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
        assertThat(freeCalls(limiter)).isEqualTo(91);
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
        assertThat(freeCalls(limiter)).as("the whole burst, less the margin").isEqualTo(91);
    }

    @Test
    void whenPodsJoinTheShareShrinksAtOnceAndSavingsAboveTheNewBurstAreDropped() {
        TierRateLimiter limiter = limiter(OptionalLong.of(600), OptionalLong.empty(), 1);

        limiter.splitAmong(3);

        // 200 per minute each now: the burst is 33.3 (its margin 3.33), not the 100 saved up alone.
        assertThat(freeCalls(limiter)).isEqualTo(31);
        // And the refill is a third of the quota: 3.33 per second, on top of the 2.33 left.
        advance(Duration.ofSeconds(3));
        assertThat(freeCalls(limiter)).isEqualTo(10);
    }

    @Test
    void whenPodsLeaveTheShareGrowsAndTheRefillUpToThenCountsAtTheOldShare() {
        TierRateLimiter limiter = limiter(OptionalLong.of(600), OptionalLong.empty(), 3);
        assertThat(freeCalls(limiter)).isEqualTo(31);
        // 2.33 left; 3 s at 3.33 per second saves 10 more.
        advance(Duration.ofSeconds(3));

        limiter.splitAmong(1);

        assertThat(limiter.pods()).isEqualTo(1);
        // 12.33 saved, and the margin is the whole quota's now, 10.
        assertThat(freeCalls(limiter)).isEqualTo(3);
        // From here the whole quota refills: 10 in a second.
        advance(Duration.ofSeconds(1));
        assertThat(freeCalls(limiter)).isEqualTo(10);
    }

    @Test
    void theTokenQuotaFollowsTheSplitToo() {
        // 60,000 tokens per minute over 2 pods: 500 per second each, 5,000 saved up, a margin of 500.
        TierRateLimiter limiter = limiter(OptionalLong.empty(), OptionalLong.of(60_000), 2);

        assertThat(limiter.tryReserve(4_500)).isZero();
        assertThat(limiter.tryReserve(1_000)).as("lent: 500 owed").isZero();
        limiter.splitAmong(1);
        // Refilled at 1,000 a second now, not 500: 1,500 saved after 2 s, the margin 1,000.
        advance(Duration.ofSeconds(2));
        assertThat(limiter.tryReserve(500)).isZero();
        assertThat(limiter.tryReserve(500)).isZero();
        assertThat(limiter.tryReserve(500)).isEqualTo(TierRateLimiter.RECHECK);
    }

    @Test
    void aSplitAmongNoPodsIsRefused() {
        TierRateLimiter limiter = limiter(OptionalLong.of(600), OptionalLong.empty(), 1);

        assertThatThrownBy(() -> limiter.splitAmong(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pods must be at least 1, was 0");
    }
}
