package dev.taskfleet.worker.provider.openai;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How to reach one OpenAI-compatible endpoint.
 *
 * @param baseUrl      the API root, e.g. {@code https://api.openai.com/v1}; {@code /chat/completions} is appended
 * @param apiKey       sent as {@code Authorization: Bearer <key>} when present; never logged or put in a message
 * @param timeout      the longest a call may take, connection included
 * @param temperature  sent when present; absent leaves the model's own default (some models accept no other)
 * @param extraHeaders sent with every call (gateway routing, organisation or project headers)
 */
public record OpenAiSettings(URI baseUrl, Optional<String> apiKey, Duration timeout, OptionalDouble temperature,
        Map<String, String> extraHeaders) {

    public OpenAiSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(temperature, "temperature");
        extraHeaders = Map.copyOf(extraHeaders);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        apiKey = apiKey.map(String::strip).filter(key -> !key.isEmpty());
    }

    /** The chat-completions endpoint under {@link #baseUrl}, whether or not it ends with a slash. */
    public URI chatCompletions() {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
    }

    /** Hides the key. */
    @Override
    public String toString() {
        return "OpenAiSettings[baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isPresent() ? "<set>" : "<none>")
                + ", timeout=" + timeout + ", temperature=" + temperature + ", extraHeaders=" + extraHeaders.keySet() + "]";
    }
}
