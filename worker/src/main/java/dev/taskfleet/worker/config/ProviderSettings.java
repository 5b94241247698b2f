package dev.taskfleet.worker.config;

import dev.taskfleet.worker.provider.anthropic.AnthropicMessagesProvider;
import dev.taskfleet.worker.provider.http.HttpEndpoint;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a tier's provider choice and HTTP settings from {@link WorkerConfig.Tier}, failing start-up
 * with a message that names the key to fix. Messages never contain the key.
 */
final class ProviderSettings {

    private ProviderSettings() {
    }

    /** The tier's provider; an unknown name fails start-up listing the accepted ones. */
    static ProviderKind kind(String tier, WorkerConfig.Tier settings) {
        return ProviderKind.named(settings.provider()).orElseThrow(() -> new IllegalStateException(
                "taskfleet.tiers." + tier + ".provider must be one of " + ProviderKind.names() + ", was '"
                        + settings.provider() + "'"));
    }

    /**
     * Where and how an HTTP provider is reached. {@code base-url} is required for the OpenAI-compatible
     * providers (there is no one right default among OpenAI, gateways and local servers) and defaults
     * to Anthropic's public endpoint for the Anthropic ones.
     */
    static HttpEndpoint endpoint(String tier, ProviderKind kind, WorkerConfig.Tier settings) {
        String prefix = "taskfleet.tiers." + tier + ".";
        Optional<String> configured = settings.baseUrl().map(String::strip).filter(url -> !url.isEmpty());
        String baseUrl = kind.anthropic()
                ? configured.orElse(AnthropicMessagesProvider.DEFAULT_BASE_URL)
                : configured.orElseThrow(() -> new IllegalStateException(prefix + "provider=" + kind.configName()
                        + " needs " + prefix + "base-url (e.g. https://api.openai.com/v1 or http://localhost:11434/v1; "
                        + "env TASKFLEET_TIERS_" + tier.toUpperCase(Locale.ROOT).replace('-', '_') + "_BASE_URL)"));
        URI uri;
        try {
            uri = new URI(baseUrl);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(prefix + "base-url is not a URL: " + baseUrl, e);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalStateException(prefix + "base-url must start with http:// or https://, was " + baseUrl);
        }
        if (settings.maxAttempts() < 1) {
            throw new IllegalStateException(prefix + "max-attempts must be at least 1, was " + settings.maxAttempts());
        }
        return new HttpEndpoint(uri, apiKey(prefix, settings), settings.timeout(), settings.temperature(),
                settings.extraHeaders(), settings.systemPrompt());
    }

    /** {@code api-key} if set, else the content of {@code api-key-file}, else none (local servers need none). */
    private static Optional<String> apiKey(String prefix, WorkerConfig.Tier settings) {
        Optional<String> key = settings.apiKey().map(String::strip).filter(k -> !k.isEmpty());
        if (key.isPresent() || settings.apiKeyFile().isEmpty()) {
            return key;
        }
        Path file = Path.of(settings.apiKeyFile().get());
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()).filter(k -> !k.isEmpty());
        } catch (IOException e) {
            // The exception names the file only, never its content.
            throw new IllegalStateException(prefix + "api-key-file " + file + " cannot be read: "
                    + e.getClass().getSimpleName(), e);
        }
    }
}
