package dev.taskfleet.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.worker.provider.http.HttpEndpoint;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tier's provider settings from properties and environment variables, and the start-up checks on them. */
class ProviderSettingsTest {

    /** application.properties names tier fast, as the shipped one does. */
    private static final Map<String, String> SHIPPED = Map.of("taskfleet.tiers.fast.model", "sim-fast");

    private static WorkerConfig.Tier fast(Map<String, String> properties, Map<String, String> env) {
        return WorkerConfigs.from(new PropertiesConfigSource(SHIPPED, "application", 250),
                new PropertiesConfigSource(properties, "test", 260), new EnvConfigSource(env, 300))
                .tiers().get("fast");
    }

    @Test
    void theSimulatedProviderIsTheDefaultWithTheDocumentedDefaults() {
        WorkerConfig.Tier fast = fast(Map.of(), Map.of());

        assertThat(ProviderSettings.kind("fast", fast)).isEqualTo(ProviderKind.SIMULATED);
        assertThat(fast.maxAttempts()).isEqualTo(3);
        assertThat(fast.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(fast.retry().initialBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(fast.retry().multiplier()).isEqualTo(2.0);
        assertThat(fast.retry().maxBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(fast.rateLimit().requestsPerMinute()).isEmpty();
        assertThat(fast.rateLimit().tokensPerMinute()).isEmpty();
        assertThat(fast.temperature()).isEmpty();
        assertThat(fast.extraHeaders()).isEmpty();
    }

    @Test
    void environmentVariablesConfigureAnOpenAiTier() {
        WorkerConfig.Tier fast = fast(Map.of(), Map.of(
                "TASKFLEET_TIERS_FAST_PROVIDER", "openai",
                "TASKFLEET_TIERS_FAST_BASE_URL", "http://localhost:11434/v1",
                "TASKFLEET_TIERS_FAST_API_KEY", "sk-from-env",
                "TASKFLEET_TIERS_FAST_TIMEOUT", "15s",
                "TASKFLEET_TIERS_FAST_MAX_ATTEMPTS", "5",
                "TASKFLEET_TIERS_FAST_RATE_LIMIT_REQUESTS_PER_MINUTE", "500"));

        HttpEndpoint settings = ProviderSettings.endpoint("fast", ProviderKind.OPENAI, fast);

        assertThat(ProviderSettings.kind("fast", fast)).isEqualTo(ProviderKind.OPENAI);
        assertThat(settings.baseUrl()).isEqualTo(URI.create("http://localhost:11434/v1"));
        assertThat(settings.apiKey()).contains("sk-from-env");
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(fast.maxAttempts()).isEqualTo(5);
        assertThat(fast.rateLimit().requestsPerMinute()).hasValue(500);
    }

    @Test
    void extraHeadersAndTemperatureComeFromProperties() {
        WorkerConfig.Tier fast = fast(Map.of(
                "taskfleet.tiers.fast.base-url", "https://gateway.example.com/v1",
                "taskfleet.tiers.fast.temperature", "0.3",
                "taskfleet.tiers.fast.extra-headers.X-Title", "taskfleet"), Map.of());

        HttpEndpoint settings = ProviderSettings.endpoint("fast", ProviderKind.OPENAI, fast);

        assertThat(settings.extraHeaders()).containsEntry("X-Title", "taskfleet");
        assertThat(settings.temperature()).hasValue(0.3);
        assertThat(settings.apiKey()).isEmpty();
    }

    @Test
    void theKeyCanComeFromAMountedSecretFile(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("api-key"), "sk-from-file\n");
        WorkerConfig.Tier fast = fast(Map.of(
                "taskfleet.tiers.fast.base-url", "https://api.openai.com/v1",
                "taskfleet.tiers.fast.api-key-file", secret.toString()), Map.of());

        assertThat(ProviderSettings.endpoint("fast", ProviderKind.OPENAI, fast).apiKey()).contains("sk-from-file");
    }

    @Test
    void anUnreadableSecretFileFailsStartUpNamingTheKey(@TempDir Path dir) {
        WorkerConfig.Tier fast = fast(Map.of(
                "taskfleet.tiers.fast.base-url", "https://api.openai.com/v1",
                "taskfleet.tiers.fast.api-key-file", dir.resolve("missing").toString()), Map.of());

        assertThatThrownBy(() -> ProviderSettings.endpoint("fast", ProviderKind.OPENAI, fast))
                .hasMessageContaining("taskfleet.tiers.fast.api-key-file");
    }

    @Test
    void anOpenAiTierWithoutABaseUrlFailsStartUpWithAClearMessage() {
        WorkerConfig.Tier fast = fast(Map.of("taskfleet.tiers.fast.provider", "openai"), Map.of());

        assertThatThrownBy(() -> ProviderSettings.endpoint("fast", ProviderKind.OPENAI, fast))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("taskfleet.tiers.fast.base-url")
                .hasMessageContaining("TASKFLEET_TIERS_FAST_BASE_URL");
    }

    @Test
    void anUnknownProviderFailsStartUpListingTheKnownOnes() {
        WorkerConfig.Tier fast = fast(Map.of("taskfleet.tiers.fast.provider", "bedrock"), Map.of());

        assertThatThrownBy(() -> ProviderSettings.kind("fast", fast))
                .hasMessageContaining("taskfleet.tiers.fast.provider must be one of 'simulated', 'openai', 'anthropic', "
                        + "'openai-batch', 'anthropic-batch', 'simulated-batch', was 'bedrock'");
    }

    @Test
    void anAnthropicTierReachesAnthropicsPublicEndpointUnlessToldOtherwise() {
        WorkerConfig.Tier fast = fast(Map.of(), Map.of(
                "TASKFLEET_TIERS_FAST_PROVIDER", "Anthropic",
                "TASKFLEET_TIERS_FAST_API_KEY", "sk-ant-test",
                "TASKFLEET_TIERS_FAST_SYSTEM_PROMPT", "You are a careful senior engineer."));

        HttpEndpoint settings = ProviderSettings.endpoint("fast", ProviderSettings.kind("fast", fast), fast);

        assertThat(ProviderSettings.kind("fast", fast)).isEqualTo(ProviderKind.ANTHROPIC);
        assertThat(settings.baseUrl()).isEqualTo(URI.create("https://api.anthropic.com"));
        assertThat(settings.systemPrompt()).contains("You are a careful senior engineer.");
        assertThat(ProviderSettings.endpoint("fast", ProviderKind.ANTHROPIC_BATCH, fast(Map.of(
                "taskfleet.tiers.fast.base-url", "http://127.0.0.1:9999"), Map.of())).baseUrl())
                .isEqualTo(URI.create("http://127.0.0.1:9999"));
    }

    @Test
    void aBatchTierHasTheDocumentedGatheringAndPollingDefaults() {
        WorkerConfig.Tier fast = fast(Map.of("taskfleet.tiers.fast.provider", "openai-batch"), Map.of(
                "TASKFLEET_TIERS_FAST_BATCH_GATHER_SIZE", "500"));

        assertThat(ProviderSettings.kind("fast", fast)).isEqualTo(ProviderKind.OPENAI_BATCH);
        assertThat(ProviderSettings.kind("fast", fast).batch()).isTrue();
        assertThat(fast.batch().gatherSize()).isEqualTo(500);
        assertThat(fast.batch().gatherTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(fast.batch().maxBytes().asLongValue()).isEqualTo(100L * 1024 * 1024);
        assertThat(fast.batch().pollInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(fast.simulated().batchTurnaround()).isEqualTo(Duration.ofSeconds(60));
        assertThatThrownBy(() -> ProviderSettings.endpoint("fast", ProviderKind.OPENAI_BATCH, fast))
                .hasMessageContaining("provider=openai-batch needs taskfleet.tiers.fast.base-url");
    }
}
