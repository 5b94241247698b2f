package dev.taskfleet.worker.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.worker.provider.ModelCallException;
import dev.taskfleet.worker.provider.ModelRequest;
import dev.taskfleet.worker.provider.ModelResponse;
import dev.taskfleet.contract.TokenEstimator;
import dev.taskfleet.worker.provider.http.HttpEndpoint;
import java.time.Duration;

/**
 * The chat-completions request and response bodies, the same whether a request is sent on its
 * own ({@link OpenAiChatProvider}) or as a line of a batch file ({@link OpenAiBatchApi}).
 */
final class OpenAiChatBodies {

    private final ObjectMapper json;
    private final HttpEndpoint endpoint;

    OpenAiChatBodies(ObjectMapper json, HttpEndpoint endpoint) {
        this.json = json;
        this.endpoint = endpoint;
    }

    /** The request: the tier's system prompt if any, then the task's prompt as the one user message. */
    ObjectNode request(ModelRequest request) {
        ObjectNode body = json.createObjectNode();
        body.put("model", request.model());
        ArrayNode messages = body.putArray("messages");
        endpoint.systemPrompt().ifPresent(system -> messages.addObject().put("role", "system").put("content", system));
        messages.addObject().put("role", "user").put("content", request.prompt());
        body.put("max_tokens", request.maxOutputTokens());
        endpoint.temperature().ifPresent(temperature -> body.put("temperature", temperature));
        return body;
    }

    /** Reads a response body; an answer without content is a retryable {@code PROVIDER_ERROR}. */
    ModelResponse response(ModelRequest request, String body, Duration latency) {
        try {
            return response(request, json.readTree(body), latency);
        } catch (JsonProcessingException e) {
            throw new ModelCallException(ResultErrorCodes.PROVIDER_ERROR, "the answer is not JSON", true);
        }
    }

    /** Reads a response; {@code request} (if known) estimates the usage a server left out. */
    ModelResponse response(ModelRequest request, JsonNode root, Duration latency) {
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
                ? usage.path("prompt_tokens").asLong() : TokenEstimator.estimate(request == null ? "" : request.prompt());
        long completion = usage.path("completion_tokens").canConvertToLong()
                ? usage.path("completion_tokens").asLong() : TokenEstimator.estimate(output);
        return new ModelResponse(output, Math.max(0, input), Math.max(0, completion), latency);
    }
}
