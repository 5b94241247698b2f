package dev.taskfleet.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.worker.cost.Price;
import dev.taskfleet.worker.execution.TierProfile;
import dev.taskfleet.worker.retry.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The worker refuses tier settings whose slowest task outlasts what the commit strategy tolerates,
 * and accepts the shipped ones.
 */
class TaskAgeCheckTest {

    private static final TierProfile FAST = new TierProfile("fast", "sim-fast", 512, Price.FREE);

    /** The worker's {@code application.properties} with {@code overrides} on top. */
    private static Map<String, String> shippedWith(Map<String, String> overrides) throws IOException {
        Properties shipped = new Properties();
        try (InputStream in = TaskAgeCheckTest.class.getResourceAsStream("/application.properties")) {
            shipped.load(in);
        }
        Map<String, String> properties = new HashMap<>();
        shipped.stringPropertyNames().forEach(key -> properties.put(key, shipped.getProperty(key)));
        properties.putAll(overrides);
        return properties;
    }

    private static RetryPolicy retryPolicy(Map<String, String> properties) {
        return retryPolicy(properties, ProviderKind.SIMULATED);
    }

    private static RetryPolicy retryPolicy(Map<String, String> properties, ProviderKind kind) {
        WorkerConfig config = WorkerConfigs.from(properties);
        return new WorkerComponents().retryPolicy(config, FAST, kind, Long.parseLong(properties.get(TaskAgeCheck.MAX_AGE_KEY)));
    }

    @Test
    void theShippedSettingsLeaveTheSlowestTaskWithinTheTolerance() throws IOException {
        Map<String, String> shipped = shippedWith(Map.of());

        RetryPolicy retries = retryPolicy(shipped);

        Duration worstAge = retries.longestTask(Duration.ofSeconds(60)).multipliedBy(2);
        assertThat(worstAge).as("3 x 60 s + 2 x 60 s Retry-After cap, twice").isEqualTo(Duration.ofMinutes(10));
        assertThat(Long.parseLong(shipped.get(TaskAgeCheck.MAX_AGE_KEY))).isGreaterThan(worstAge.toMillis());
    }

    @Test
    void aTimeoutThatMakesTheSlowestTaskOutlastTheToleranceIsRefusedNamingBothSettings() {
        assertThatThrownBy(() -> retryPolicy(shippedWith(Map.of("taskfleet.tiers.fast.timeout", "5m"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("taskfleet.tiers.fast.timeout=300s")
                .hasMessageContaining("taskfleet.tiers.fast.max-attempts=3")
                .hasMessageContaining(TaskAgeCheck.MAX_AGE_KEY + "=900000")
                .hasMessageContaining("at least 2040000");
    }

    @Test
    void aBatchTierIsNotHeldToTheChannelsToleranceBecauseItCommitsWhenATaskIsRecorded() throws IOException {
        Map<String, String> longTimeout = shippedWith(Map.of("taskfleet.tiers.fast.timeout", "5m"));

        assertThatThrownBy(() -> retryPolicy(longTimeout, ProviderKind.SIMULATED)).isInstanceOf(IllegalStateException.class);
        assertThat(retryPolicy(longTimeout, ProviderKind.SIMULATED_BATCH).maxAttempts()).isEqualTo(3);
    }

    @Test
    void aLongRetryAfterCapCountsBeforeEveryRetry() throws IOException {
        Map<String, String> longCap = Map.of("taskfleet.tiers.fast.max-retry-after", "5m");

        assertThatThrownBy(() -> retryPolicy(shippedWith(longCap)))
                .hasMessageContaining("taskfleet.tiers.fast.max-retry-after=300s");
        Map<String, String> raised = new HashMap<>(longCap);
        raised.put(TaskAgeCheck.MAX_AGE_KEY, "1560000");
        assertThat(retryPolicy(shippedWith(raised)).maxRetryAfter())
                .as("accepted once the tolerance covers 2 x (3 x 60 s + 2 x 300 s)").isEqualTo(Duration.ofMinutes(5));
    }
}
