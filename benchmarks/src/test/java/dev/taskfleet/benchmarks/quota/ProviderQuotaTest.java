package dev.taskfleet.benchmarks.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProviderQuotaTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFullBucketAdmitsItsBurstThenRefusesWithTheSecondsUntilTheNextRequestRefills() {
        // 60 requests a minute, 10 s burst: 10 requests at once, then one a second.
        ProviderQuota quota = new ProviderQuota(60, 1_000_000, Duration.ofSeconds(10), 0);

        for (int i = 0; i < 10; i++) {
            assertThat(quota.admit(1, 0)).as("call %d", i).isEmpty();
        }
        assertThat(quota.admit(1, 0)).isEqualTo(OptionalLong.of(1));
        assertThat(quota.admit(1, SECOND / 2)).isEqualTo(OptionalLong.of(1));
        assertThat(quota.admit(1, SECOND)).isEmpty();
        assertThat(quota.admit(1, SECOND)).isEqualTo(OptionalLong.of(1));
    }

    @Test
    void tokensBindWhenACallNeedsMoreThanTheBucketHoldsAndARefusedCallIsNotCharged() {
        // 600 tokens a minute, 10 s burst: 100 tokens saved, 10 a second.
        ProviderQuota quota = new ProviderQuota(1_000, 600, Duration.ofSeconds(10), 0);

        assertThat(quota.admit(80, 0)).isEmpty();
        assertThat(quota.admit(50, 0)).as("20 tokens left, 30 more take 3 s").isEqualTo(OptionalLong.of(3));
        assertThat(quota.admit(20, 0)).as("the refused call took nothing").isEmpty();
        assertThat(quota.admit(1, 0)).isEqualTo(OptionalLong.of(1));
        assertThat(quota.largestCall()).isEqualTo(100);
    }

    @Test
    void anIdleBucketSavesNoMoreThanItsBurst() {
        ProviderQuota quota = new ProviderQuota(60, 1_000_000, Duration.ofSeconds(10), 0);

        long later = 600 * SECOND;
        for (int i = 0; i < 10; i++) {
            assertThat(quota.admit(1, later)).isEmpty();
        }
        assertThat(quota.admit(1, later)).isPresent();
    }
}
