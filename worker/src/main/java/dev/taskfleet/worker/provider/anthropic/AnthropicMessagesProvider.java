package dev.taskfleet.worker.provider.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskfleet.worker.provider.ModelCallException;
import dev.taskfleet.worker.provider.ModelProvider;
import dev.taskfleet.worker.provider.ModelRequest;
import dev.taskfleet.worker.provider.ModelResponse;
import dev.taskfleet.worker.provider.http.HttpEndpoint;
import dev.taskfleet.worker.provider.http.ProviderHttp;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * Anthropic's Messages API natively: {@code POST {baseUrl}/v1/messages} with {@code x-api-key},
 * {@code anthropic-version}, the tier's {@code system} prompt (if any), the prompt as the one user
 * message and {@code max_tokens}; reads the text blocks, the usage and the stop reason
 * ({@link AnthropicBodies}). Failures are classified like every provider's ({@link ProviderHttp}):
 * {@code 529 overloaded} and 429 (after its {@code retry-after}) are retried, 401/403/400 are not.
 */
public final class AnthropicMessagesProvider implements ModelProvider {

    /** Anthropic's public endpoint, the default base URL of the {@code anthropic} providers. */
    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
    static final String MESSAGES = "v1/messages";

    private final ProviderHttp http;
    private final AnthropicBodies bodies;

    /**
     * @param clock    reads {@code Retry-After} dates
     * @param nanoTime measures the model's latency, {@code System::nanoTime} outside tests
     */
    public AnthropicMessagesProvider(HttpClient http, HttpEndpoint endpoint, ObjectMapper json, Clock clock,
            LongSupplier nanoTime) {
        this.http = new ProviderHttp(http, endpoint, authHeaders(endpoint), json, clock, nanoTime);
        this.bodies = new AnthropicBodies(json, endpoint);
    }

    /** {@code anthropic-version} always, {@code x-api-key} when there is a key. */
    static Map<String, String> authHeaders(HttpEndpoint endpoint) {
        Map<String, String> headers = new HashMap<>();
        headers.put("anthropic-version", AnthropicBodies.API_VERSION);
        endpoint.apiKey().ifPresent(key -> headers.put("x-api-key", key));
        return headers;
    }

    @Override
    public CompletionStage<ModelResponse> complete(ModelRequest request) {
        return http.postJson(MESSAGES, bodies.request(request).toString())
                .thenApply(answer -> bodies.response(answer.body(), answer.latency()));
    }
}
