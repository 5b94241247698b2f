package dev.taskfleet.worker.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.worker.provider.ModelCallException;
import dev.taskfleet.worker.provider.ModelRequest;
import dev.taskfleet.worker.provider.ModelResponse;
import dev.taskfleet.worker.provider.http.HttpEndpoint;
import java.time.Duration;

/**
 * The Messages API's request and response bodies, the same whether a request is sent on its own
 * ({@link AnthropicMessagesProvider}) or as one of a message batch's {@code params}
 * ({@link AnthropicBatchApi}).
 *
 * <p>Stop reasons: {@code end_turn} and {@code stop_sequence} are a finished answer;
 * {@code max_tokens} is an answer cut at {@code max-output-tokens}, kept as it is (the task's
 * {@code expect}, if any, judges it); {@code refusal} means the model declined to answer, an
 * {@code OUTPUT_REJECTED} failure a stronger model may not share. An answer without a text block is
 * a retryable {@code PROVIDER_ERROR}.
 */
final class AnthropicBodies {

    /** The Messages API version every request names. */
    static final String API_VERSION = "2023-06-01";
    static final String REFUSAL = "refusal";

    private final ObjectMapper json;
    private final HttpEndpoint endpoint;

    AnthropicBodies(ObjectMapper json, HttpEndpoint endpoint) {
        this.json = json;
        this.endpoint = endpoint;
    }

    /** The request: {@code model}, {@code max_tokens}, the tier's {@code system} prompt if any, the prompt as the one user message. */
    ObjectNode request(ModelRequest request) {
        ObjectNode body = json.createObjectNode();
        body.put("model", request.model());
        body.put("max_tokens", request.maxOutputTokens());
        endpoint.systemPrompt().ifPresent(system -> body.put("system", system));
        body.putArray("messages").addObject().put("role", "user").put("content", request.prompt());
        endpoint.temperature().ifPresent(temperature -> body.put("temperature", temperature));
        return body;
    }

    ModelResponse response(String body, Duration latency) {
        try {
            return response(json.readTree(body), latency);
        } catch (JsonProcessingException e) {
            throw new ModelCallException(ResultErrorCodes.PROVIDER_ERROR, "the answer is not JSON", true);
        }
    }

    /** A message: the text of its text blocks, in order; its usage; its stop reason judged. */
    ModelResponse response(JsonNode message, Duration latency) {
        String stopReason = message.path("stop_reason").asText("");
        if (REFUSAL.equals(stopReason)) {
            throw new ModelCallException(ResultErrorCodes.OUTPUT_REJECTED,
                    "the model declined to answer (stop_reason refusal)", false);
        }
        StringBuilder text = new StringBuilder();
        boolean anyText = false;
        for (JsonNode block : message.path("content")) {
            if ("text".equals(block.path("type").asText()) && block.path("text").isTextual()) {
                text.append(block.path("text").asText());
                anyText = true;
            }
        }
        if (!anyText) {
            throw new ModelCallException(ResultErrorCodes.PROVIDER_ERROR, "the answer has no text content"
                    + (stopReason.isEmpty() ? "" : " (stop_reason " + stopReason + ")"), true);
        }
        JsonNode usage = message.path("usage");
        // Cached prompt tokens are still prompt tokens of this call; the tier has one input price.
        long input = usage.path("input_tokens").asLong(0) + usage.path("cache_creation_input_tokens").asLong(0)
                + usage.path("cache_read_input_tokens").asLong(0);
        long output = usage.path("output_tokens").asLong(0);
        return new ModelResponse(text.toString(), Math.max(0, input), Math.max(0, output), latency);
    }
}
