package dev.taskfleet.worker.provider.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskfleet.worker.provider.ModelCallException;
import dev.taskfleet.worker.provider.ModelProvider;
import dev.taskfleet.worker.provider.ModelRequest;
import dev.taskfleet.worker.provider.ModelResponse;
import dev.taskfleet.contract.TokenEstimator;
import dev.taskfleet.worker.provider.http.HttpEndpoint;
import dev.taskfleet.worker.provider.http.ProviderHttp;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * Calls {@code POST {baseUrl}/chat/completions} with the tier's system prompt (if any) and one
 * user message, and reads the first choice's content and the usage block. Every failure completes
 * the stage with a classified {@link ModelCallException} (see {@link ProviderHttp}). Retrying is
 * the caller's business.
 *
 * <p>The key goes in {@code Authorization: Bearer}; with no key no such header is sent (local
 * servers need none). The prompt and the key are never logged and never put in an exception message.
 */
public final class OpenAiChatProvider implements ModelProvider {

    static final String CHAT_COMPLETIONS = "chat/completions";

    private final ProviderHttp http;
    private final OpenAiChatBodies bodies;

    /**
     * @param clock    reads {@code Retry-After} dates
     * @param nanoTime measures the model's latency, {@code System::nanoTime} outside tests
     */
    public OpenAiChatProvider(HttpClient http, HttpEndpoint endpoint, ObjectMapper json, Clock clock,
            LongSupplier nanoTime) {
        this.http = new ProviderHttp(http, endpoint, authHeaders(endpoint), json, clock, nanoTime);
        this.bodies = new OpenAiChatBodies(json, endpoint);
    }

    /** {@code Authorization: Bearer <key>} when there is a key. */
    static Map<String, String> authHeaders(HttpEndpoint endpoint) {
        return endpoint.apiKey().map(key -> Map.of("Authorization", "Bearer " + key)).orElse(Map.of());
    }

    @Override
    public CompletionStage<ModelResponse> complete(ModelRequest request) {
        return http.postJson(CHAT_COMPLETIONS, bodies.request(request).toString())
                .thenApply(answer -> bodies.response(request, answer.body(), answer.latency()));
    }
}
