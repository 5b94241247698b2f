package dev.taskfleet.worker.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.worker.provider.ModelCallException;
import dev.taskfleet.worker.provider.ModelProvider;
import dev.taskfleet.worker.provider.ModelRequest;
import dev.taskfleet.worker.provider.ModelResponse;
import dev.taskfleet.contract.TokenEstimator;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * Calls {@code POST {baseUrl}/chat/completions} with one user message and reads the first
 * choice's content and the usage block. Uses {@link HttpClient#sendAsync}, so no thread waits on
 * a call; every failure completes the stage with a classified {@link ModelCallException}
 * (see {@link ErrorClassifier}). Retrying is the caller's business.
 *
 * <p>The caller owns the {@link HttpClient}. The prompt and the key are never logged and never
 * put in an exception message.
 */
public final class OpenAiChatProvider implements ModelProvider {

    private final HttpClient http;
    private final OpenAiSettings settings;
    private final ObjectMapper json;
    private final ErrorClassifier errors;
    private final LongSupplier nanoTime;

    /**
     * @param clock    reads {@code Retry-After} dates
     * @param nanoTime measures the model's latency, {@code System::nanoTime} outside tests
     */
    public OpenAiChatProvider(HttpClient http, OpenAiSettings settings, ObjectMapper json, Clock clock,
            LongSupplier nanoTime) {
        this.http = http;
        this.settings = settings;
        this.json = json;
        this.errors = new ErrorClassifier(json, clock);
        this.nanoTime = nanoTime;
    }

    /** An HTTP client suited to the settings: HTTP/1.1 on plain http, where HTTP/2 would need an h2c upgrade some servers mishandle. */
    public static HttpClient defaultClient(OpenAiSettings settings) {
        boolean tls = "https".equalsIgnoreCase(settings.baseUrl().getScheme());
        return HttpClient.newBuilder()
                .version(tls ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .build();
    }

    @Override
    public CompletionStage<ModelResponse> complete(ModelRequest request) {
        HttpRequest.Builder http = HttpRequest.newBuilder(settings.chatCompletions())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(request)));
        settings.extraHeaders().forEach(http::header);
        settings.apiKey().ifPresent(key -> http.header("Authorization", "Bearer " + key));
        long started = nanoTime.getAsLong();
        CompletableFuture<HttpResponse<String>> sent;
        try {
            sent = this.http.sendAsync(http.build(), HttpResponse.BodyHandlers.ofString());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(errors.forTransport(e, settings.timeout()));
        }
        return sent.handle((response, failure) -> {
            if (failure != null) {
                throw errors.forTransport(unwrap(failure), settings.timeout());
            }
            Duration latency = Duration.ofNanos(nanoTime.getAsLong() - started);
            if (response.statusCode() / 100 != 2) {
                throw errors.forStatus(response.statusCode(), response.body(),
                        response.headers().firstValue("Retry-After"));
            }
            return parse(request, response.body(), latency);
        });
    }

    private String body(ModelRequest request) {
        ObjectNode body = json.createObjectNode();
        body.put("model", request.model());
        ObjectNode message = body.putArray("messages").addObject();
        message.put("role", "user");
        message.put("content", request.prompt());
        body.put("max_tokens", request.maxOutputTokens());
        settings.temperature().ifPresent(temperature -> body.put("temperature", temperature));
        return body.toString();
    }

    private ModelResponse parse(ModelRequest request, String body, Duration latency) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ModelCallException(ResultErrorCodes.PROVIDER_ERROR, "the answer is not JSON", true);
        }
        JsonNode content = root.path("choices").path(0).path("message").path("content");
        if (!content.isTextual()) {
            throw new ModelCallException(ResultErrorCodes.PROVIDER_ERROR,
                    "the answer has no choices[0].message.content", true);
        }
        String output = content.asText();
        JsonNode usage = root.path("usage");
        // Some servers (older Ollama and vLLM builds, some gateways, streaming proxies) omit usage.
        // An estimate keeps cost and token budgets roughly right instead of reporting a free call.
        long input = usage.path("prompt_tokens").canConvertToLong()
                ? usage.path("prompt_tokens").asLong() : TokenEstimator.estimate(request.prompt());
        long completion = usage.path("completion_tokens").canConvertToLong()
                ? usage.path("completion_tokens").asLong() : TokenEstimator.estimate(output);
        return new ModelResponse(output, Math.max(0, input), Math.max(0, completion), latency);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
