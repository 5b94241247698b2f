package dev.taskfleet.testkit.modelserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenAI chat-completions API as the {@link ScriptedModelServer} plays it: the endpoint
 * ({@code POST /v1/chat/completions}, answering "done" with 10 prompt and 5 completion tokens
 * until scripted) and the bodies the real API sends, successes and errors alike.
 *
 * <pre>{@code
 * Route chat = server.route(OpenAiChat.COMPLETIONS).then(OpenAiChat.rateLimited("1"), OpenAiChat.ok("hi", 10, 5));
 * // configure the client with OpenAiChat.baseUrl(server)
 * }</pre>
 */
public final class OpenAiChat {

    /** Declared first: {@link #COMPLETIONS} builds its default answer with it. */
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The API root clients are configured with; the chat endpoint is below it. */
    public static final String BASE_PATH = "/v1";
    public static final Endpoint COMPLETIONS = new Endpoint(BASE_PATH + "/chat/completions", OpenAiChat::prompt,
            ok("done", 10, 5));

    private OpenAiChat() {
    }

    /** What to configure as the provider's base URL: {@code http://127.0.0.1:<port>/v1}. */
    public static String baseUrl(ScriptedModelServer server) {
        return server.url(BASE_PATH);
    }

    /** 200 with one choice whose message is {@code content}, and a usage block. */
    public static Reply ok(String content, long promptTokens, long completionTokens) {
        ObjectNode body = completion(content);
        ObjectNode usage = body.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        return Reply.json(200, body.toString());
    }

    /** 200 with {@code content} and no usage block, as some local servers and gateways answer. */
    public static Reply okWithoutUsage(String content) {
        return Reply.json(200, completion(content).toString());
    }

    /** 200 with no choices at all: an answer without content. */
    public static Reply noChoices() {
        ObjectNode body = completion("");
        body.putArray("choices");
        return Reply.json(200, body.toString());
    }

    /**
     * An error as the API shapes it: {@code {"error":{"message","type","param","code"}}}, with the
     * type and code the API uses for {@code status} (e.g. {@code invalid_api_key} for 401,
     * {@code server_error} for 5xx).
     */
    public static Reply error(int status, String message) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", message);
        error.put("type", status >= 500 ? "server_error" : status == 429 ? "requests" : "invalid_request_error");
        error.putNull("param");
        switch (status) {
            case 401 -> error.put("code", "invalid_api_key");
            case 404 -> error.put("code", "model_not_found");
            case 429 -> error.put("code", "rate_limit_exceeded");
            default -> error.putNull("code");
        }
        return Reply.json(status, body.toString());
    }

    /** 429 with {@code Retry-After: <retryAfter>} (seconds or an HTTP date). */
    public static Reply rateLimited(String retryAfter) {
        return error(429, "Rate limit reached for requests").withHeader("Retry-After", retryAfter);
    }

    /** The prompt of a chat request: the text of its messages, one per line; the whole body if it is not JSON. */
    static String prompt(String body) {
        try {
            List<String> texts = new ArrayList<>();
            for (JsonNode message : JSON.readTree(body).path("messages")) {
                texts.add(message.path("content").asText(""));
            }
            return String.join("\n", texts);
        } catch (JsonProcessingException e) {
            return body;
        }
    }

    private static ObjectNode completion(String content) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "chatcmpl-scripted");
        body.put("object", "chat.completion");
        body.put("created", 1_767_225_600L);
        body.put("model", "scripted");
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        choice.put("finish_reason", "stop");
        return body;
    }
}
