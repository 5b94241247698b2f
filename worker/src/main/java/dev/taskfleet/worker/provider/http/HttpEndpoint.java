package dev.taskfleet.worker.provider.http;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How to reach one provider's HTTP API, whichever API it speaks.
 *
 * @param baseUrl      the API root; each client appends its own paths (OpenAI-compatible:
 *                     {@code https://api.openai.com/v1} + {@code /chat/completions}; Anthropic:
 *                     {@code https://api.anthropic.com} + {@code /v1/messages})
 * @param apiKey       the key, sent the way the API wants it; never logged or put in a message
 * @param timeout      the longest one HTTP call may take, connection included
 * @param temperature  sent when present; absent leaves the model's own default (some models accept no other)
 * @param extraHeaders sent with every call (gateway routing, organisation or project headers); one
 *                     named like a header the client sets itself replaces it
 * @param systemPrompt sent as the system instruction of every request when present
 */
public record HttpEndpoint(URI baseUrl, Optional<String> apiKey, Duration timeout, OptionalDouble temperature,
        Map<String, String> extraHeaders, Optional<String> systemPrompt) {

    public HttpEndpoint {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(temperature, "temperature");
        extraHeaders = Map.copyOf(extraHeaders);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        apiKey = apiKey.map(String::strip).filter(key -> !key.isEmpty());
        systemPrompt = systemPrompt == null ? Optional.empty() : systemPrompt.filter(text -> !text.isBlank());
    }

    /** Without a system prompt. */
    public HttpEndpoint(URI baseUrl, Optional<String> apiKey, Duration timeout, OptionalDouble temperature,
            Map<String, String> extraHeaders) {
        this(baseUrl, apiKey, timeout, temperature, extraHeaders, Optional.empty());
    }

    /** {@code path} below {@link #baseUrl}, whether or not the base ends with a slash; {@code path} has no leading slash. */
    public URI resolve(String path) {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + path);
    }

    /** Hides the key. */
    @Override
    public String toString() {
        return "HttpEndpoint[baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isPresent() ? "<set>" : "<none>")
                + ", timeout=" + timeout + ", temperature=" + temperature + ", extraHeaders=" + extraHeaders.keySet()
                + ", systemPrompt=" + (systemPrompt.isPresent() ? "<set>" : "<none>") + "]";
    }
}
