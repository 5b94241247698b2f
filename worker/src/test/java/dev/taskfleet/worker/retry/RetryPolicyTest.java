package dev.taskfleet.worker.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.worker.provider.ModelCallException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final RetryPolicy POLICY = new RetryPolicy(5, Duration.ofMillis(500), 2, Duration.ofSeconds(3));
    private static final ModelCallException UNAVAILABLE =
            new ModelCallException(ResultErrorCodes.PROVIDER_ERROR, "HTTP 503", true);

    @Test
    void theWindowDoublesFromTheInitialBackoffUpToTheMaximum() {
        assertThat(POLICY.window(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(POLICY.window(2)).isEqualTo(Duration.ofMillis(1000));
        assertThat(POLICY.window(3)).isEqualTo(Duration.ofMillis(2000));
        assertThat(POLICY.window(4)).isEqualTo(Duration.ofSeconds(3));
        assertThat(POLICY.window(40)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void fullJitterDrawsTheDelayUniformlyWithinTheWindow() {
        assertThat(POLICY.delayBeforeRetry(1, UNAVAILABLE, () -> 0.0)).contains(Duration.ZERO);
        assertThat(POLICY.delayBeforeRetry(2, UNAVAILABLE, () -> 0.5)).contains(Duration.ofMillis(500));
        assertThat(POLICY.delayBeforeRetry(3, UNAVAILABLE, () -> 0.25)).contains(Duration.ofMillis(500));
    }

    @Test
    void seededJitterStaysWithinBoundsAndSpreadsOverTheWindow() {
        Random random = new Random(42);
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            millis.add(POLICY.delayBeforeRetry(2, UNAVAILABLE, random::nextDouble).orElseThrow().toMillis());
        }
        assertThat(millis).allSatisfy(ms -> assertThat(ms).isBetween(0L, 1000L));
        // Spread, not a constant: some delays in the lower and some in the upper fifth of the window.
        assertThat(millis).anySatisfy(ms -> assertThat(ms).isLessThan(200L));
        assertThat(millis).anySatisfy(ms -> assertThat(ms).isGreaterThan(800L));
        // The same seed gives the same delays.
        Random again = new Random(42);
        assertThat(POLICY.delayBeforeRetry(2, UNAVAILABLE, again::nextDouble).orElseThrow().toMillis())
                .isEqualTo(millis.get(0));
    }

    @Test
    void aLongerRetryAfterWinsAndAShorterOneDoesNot() {
        ModelCallException longWait = new ModelCallException(ResultErrorCodes.RATE_LIMITED, "429", true,
                Duration.ofSeconds(20), null);
        ModelCallException shortWait = new ModelCallException(ResultErrorCodes.RATE_LIMITED, "429", true,
                Duration.ofMillis(100), null);

        assertThat(POLICY.delayBeforeRetry(1, longWait, () -> 0.99)).contains(Duration.ofSeconds(20));
        assertThat(POLICY.delayBeforeRetry(2, shortWait, () -> 0.5)).contains(Duration.ofMillis(500));
    }

    @Test
    void aRetryAfterLongerThanTheCapIsCutToTheCap() {
        RetryPolicy capped = new RetryPolicy(5, Duration.ofMillis(500), 2, Duration.ofSeconds(3), Duration.ofSeconds(1), 1);
        ModelCallException longWait = new ModelCallException(ResultErrorCodes.RATE_LIMITED, "429", true,
                Duration.ofSeconds(30), null);

        assertThat(capped.delayBeforeRetry(1, longWait, () -> 0.1)).contains(Duration.ofSeconds(1));
        assertThat(capped.capRetryAfter(Duration.ofMillis(300))).isEqualTo(Duration.ofMillis(300));
        assertThat(POLICY.maxRetryAfter()).isEqualTo(RetryPolicy.DEFAULT_MAX_RETRY_AFTER);
    }

    @Test
    void asksAgainAfterARejectedAnswerOnlyBelowBothLimits() {
        RetryPolicy twoRejections = new RetryPolicy(3, Duration.ZERO, 1, Duration.ZERO, Duration.ZERO, 2);

        assertThat(POLICY.askAgainAfterRejection(1, 1)).isFalse();
        assertThat(twoRejections.askAgainAfterRejection(1, 1)).isTrue();
        assertThat(twoRejections.askAgainAfterRejection(2, 2)).isFalse();
        assertThat(twoRejections.askAgainAfterRejection(3, 1)).isFalse();
    }

    @Test
    void stopsAtTheAttemptLimit() {
        RetryPolicy three = new RetryPolicy(3, Duration.ofMillis(500), 2, Duration.ofSeconds(30));

        assertThat(three.delayBeforeRetry(1, UNAVAILABLE, () -> 0.5)).isPresent();
        assertThat(three.delayBeforeRetry(2, UNAVAILABLE, () -> 0.5)).isPresent();
        assertThat(three.delayBeforeRetry(3, UNAVAILABLE, () -> 0.5)).isEmpty();
        assertThat(RetryPolicy.NO_RETRIES.delayBeforeRetry(1, UNAVAILABLE, () -> 0.5)).isEmpty();
    }

    @Test
    void neverRetriesAPermanentFailure() {
        ModelCallException auth = new ModelCallException(ResultErrorCodes.AUTH_FAILED, "HTTP 401", false);

        assertThat(POLICY.delayBeforeRetry(1, auth, () -> 0.5)).isEqualTo(Optional.empty());
    }

    @Test
    void theLongestTaskTimesOutEveryCallAndWaitsTheLargerOfWindowAndRetryAfterCapBeforeEachRetry() {
        // Windows 0.5 s, 1 s, 2 s, 3 s; a 1.5 s cap wins over the first two only.
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(500), 2, Duration.ofSeconds(3),
                Duration.ofMillis(1500), 1);

        assertThat(policy.longestTask(Duration.ofSeconds(10)))
                .isEqualTo(Duration.ofSeconds(50).plusMillis(1500 + 1500 + 2000 + 3000));
        assertThat(RetryPolicy.NO_RETRIES.longestTask(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void refusesSettingsThatMakeNoSense() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, 2, Duration.ZERO))
                .hasMessageContaining("max attempts");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofMillis(1), 0.5, Duration.ZERO))
                .hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ZERO, 2, Duration.ZERO, Duration.ZERO, 0))
                .hasMessageContaining("output rejections");
    }
}
