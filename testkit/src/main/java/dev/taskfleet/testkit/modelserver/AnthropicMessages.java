package dev.taskfleet.testkit.modelserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's Messages API as the {@link ScriptedModelServer} plays it: the endpoint
 * ({@code POST /v1/messages}, answering "done" with 10 input and 5 output tokens until scripted)
 * and the bodies the real API sends: a {@code message} with text content blocks, a
 * {@code stop_reason} and {@code usage}; errors as {@code {"type":"error","error":{"type","message"}}}
 * with the error type the API uses for the status ({@code overloaded_error} for 529,
 * {@code rate_limit_error} for 429, ...).
 *
 * <pre>{@code
 * server.route(AnthropicMessages.MESSAGES).then(AnthropicMessages.overloaded(), AnthropicMessages.ok("hi", 10, 5));
 * // configure the client with AnthropicMessages.baseUrl(server)
 * }</pre>
 */
public final class AnthropicMessages {

    /** Declared first: {@link #MESSAGES} builds its default answer with it. */
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final Endpoint MESSAGES = new Endpoint("/v1/messages", AnthropicMessages::prompt, ok("done", 10, 5));

    /** The error type the API gives for each status. */
    private static final Map<Integer, String> ERROR_TYPES = Map.of(400, "invalid_request_error",
            401, "authentication_error", 403, "permission_error", 404, "not_found_error", 413, "request_too_large",
            429, "rate_limit_error", 500, "api_error", 529, "overloaded_error");

    private AnthropicMessages() {
    }

    /** What to configure as the provider's base URL: the server's root, {@code http://127.0.0.1:<port>}. */
    public static String baseUrl(ScriptedModelServer server) {
        return server.uri().toString();
    }

    /** 200 with a finished answer ({@code stop_reason end_turn}). */
    public static Reply ok(String text, long inputTokens, long outputTokens) {
        return Reply.json(200, message(text, inputTokens, outputTokens, "end_turn").toString());
    }

    /** 200 with an answer that stopped for {@code stopReason} ({@code max_tokens}, {@code refusal}, ...). */
    public static Reply stopped(String text, long inputTokens, long outputTokens, String stopReason) {
        return Reply.json(200, message(text, inputTokens, outputTokens, stopReason).toString());
    }

    /** The error body for {@code status}, with the API's error type for it. */
    public static Reply error(int status, String message) {
        return Reply.json(status, errorBody(status, message).toString());
    }

    /** {@code 529 overloaded_error}: Anthropic's "the API is temporarily overloaded". */
    public static Reply overloaded() {
        return error(529, "Overloaded");
    }

    /** 429 with {@code retry-after: <retryAfter>}. */
    public static Reply rateLimited(String retryAfter) {
        return error(429, "Number of request tokens has exceeded your per-minute rate limit")
                .withHeader("retry-after", retryAfter);
    }

    /** A {@code message} object, as the Messages API and a succeeded batch result carry it. */
    public static ObjectNode message(String text, long inputTokens, long outputTokens, String stopReason) {
        ObjectNode message = JSON.createObjectNode();
        message.put("id", "msg_scripted");
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", "scripted");
        message.putArray("content").addObject().put("type", "text").put("text", text);
        message.put("stop_reason", stopReason);
        message.putNull("stop_sequence");
        ObjectNode usage = message.putObject("usage");
        usage.put("input_tokens", inputTokens);
        usage.put("output_tokens", outputTokens);
        return message;
    }

    /** {@code {"type":"error","error":{"type":...,"message":...}}}, as errors and errored batch results carry it. */
    public static ObjectNode errorBody(int status, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "error");
        ObjectNode error = body.putObject("error");
        error.put("type", ERROR_TYPES.getOrDefault(status, status >= 500 ? "api_error" : "invalid_request_error"));
        error.put("message", message);
        return body;
    }

    /** The prompt of a Messages request: {@code system} then the messages' text, one per line; the whole body if it is not JSON. */
    static String prompt(String body) {
        try {
            return prompt(JSON.readTree(body));
        } catch (JsonProcessingException e) {
            return body;
        }
    }

    /** The same, from a request's (or a batch request's {@code params}) JSON. */
    static String prompt(JsonNode request) {
        List<String> texts = new ArrayList<>();
        if (request.path("system").isTextual()) {
            texts.add(request.path("system").asText());
        }
        for (JsonNode message : request.path("messages")) {
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                texts.add(content.asText());
            } else {
                content.forEach(block -> texts.add(block.path("text").asText("")));
            }
        }
        return String.join("\n", texts);
    }
}
