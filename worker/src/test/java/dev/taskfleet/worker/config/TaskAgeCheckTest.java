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

        Duration worstAge = retries.longestTask(Duration.ofSeconds(60)).multipliedBy(2).plusSeconds(60);
        assertThat(worstAge).as("60 s in the intake, then 3 x 60 s + 2 x 60 s Retry-After cap, twice")
                .isEqualTo(Duration.ofMinutes(11));
        assertThat(Long.parseLong(shipped.get(TaskAgeCheck.MAX_AGE_KEY))).isGreaterThan(worstAge.toMillis());
    }

    @Test
    void aTimeoutThatMakesTheSlowestTaskOutlastTheToleranceIsRefusedNamingBothSettings() {
        assertThatThrownBy(() -> retryPolicy(shippedWith(Map.of("taskfleet.tiers.fast.timeout", "5m"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("taskfleet.tiers.fast.timeout=300s")
                .hasMessageContaining("taskfleet.tiers.fast.max-attempts=3")
                .hasMessageContaining(TaskAgeCheck.MAX_AGE_KEY + "=900000")
                .hasMessageContaining("at least 2100000");
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
        raised.put(TaskAgeCheck.MAX_AGE_KEY, "1620000");
        assertThat(retryPolicy(shippedWith(raised)).maxRetryAfter())
                .as("accepted once the tolerance covers 60 s + 2 x (3 x 60 s + 2 x 300 s)")
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void moreTasksWaitingThanPermitsCountsEachRoundOfPermitsAhead() throws IOException {
        Map<String, String> deepIntake = Map.of("taskfleet.worker.max-in-flight", "4",
                "taskfleet.worker.max-waiting", "8", "taskfleet.tiers.fast.timeout", "50s");

        // 60 s + (8 / 4 + 1) x (3 x 50 s + 2 x 60 s) = 60 s + 3 x 270 s = 870 s: within 900 s.
        assertThat(retryPolicy(shippedWith(deepIntake)).maxAttempts()).isEqualTo(3);
        Map<String, String> deeper = new HashMap<>(deepIntake);
        deeper.put("taskfleet.worker.max-waiting", "9");
        assertThatThrownBy(() -> retryPolicy(shippedWith(deeper)))
                .hasMessageContaining("taskfleet.worker.max-waiting=9 over max-in-flight=4")
                .hasMessageContaining("at least 1140000");
    }
}
