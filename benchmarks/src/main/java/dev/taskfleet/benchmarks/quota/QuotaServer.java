package dev.taskfleet.benchmarks.quota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.taskfleet.contract.TokenEstimator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible chat-completions endpoint ({@code POST /v1/chat/completions}) on
 * {@code 127.0.0.1} and a free port that enforces a {@link ProviderQuota} and answers at once, so
 * the quota, not the model's speed, bounds the tier. A call is charged its prompt (each message's
 * text, four characters a token, as the workers estimate) plus {@code completionTokens} (or
 * {@code max_tokens} if smaller), reported in {@code usage}; a refused call is answered 429 with
 * {@code Retry-After} in whole seconds and the error body the API sends, and charged nothing.
 * Every decision goes into the {@link ProviderLedger}.
 */
final class QuotaServer implements AutoCloseable {

    static final String BASE_PATH = "/v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer http;
    private final ExecutorService handlers = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "quota-server");
        thread.setDaemon(true);
        return thread;
    });
    private final ProviderQuota quota;
    private final long completionTokens;
    private final ProviderLedger ledger = new ProviderLedger();

    private QuotaServer(HttpServer http, ProviderQuota quota, long completionTokens) {
        this.http = http;
        this.quota = quota;
        this.completionTokens = completionTokens;
    }

    /** Starts the server; its buckets start full now. */
    static QuotaServer start(long requestsPerMinute, long tokensPerMinute, Duration burst, long completionTokens) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            QuotaServer server = new QuotaServer(http,
                    new ProviderQuota(requestsPerMinute, tokensPerMinute, burst, System.nanoTime()), completionTokens);
            http.createContext(BASE_PATH + "/chat/completions", server::handle);
            http.setExecutor(server.handlers);
            http.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What to configure as the tier's {@code base-url}: {@code http://127.0.0.1:<port>/v1}. */
    String baseUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + BASE_PATH;
    }

    ProviderLedger ledger() {
        return ledger;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request;
            try (InputStream in = exchange.getRequestBody()) {
                request = JSON.readTree(in);
            }
            if (!"POST".equals(exchange.getRequestMethod()) || request == null || !request.path("messages").isArray()) {
                send(exchange, 400, error("a chat completion is a POST with messages", "invalid_request_error", null));
                return;
            }
            long prompt = 0;
            for (JsonNode message : request.path("messages")) {
                prompt += TokenEstimator.estimate(message.path("content").asText(""));
            }
            long maxTokens = request.path("max_tokens").asLong(Long.MAX_VALUE);
            long completion = Math.min(completionTokens, maxTokens);
            if (prompt + completion > quota.largestCall()) {
                // Never admissible, so a 429 would only be retried forever; the API refuses such a request too.
                send(exchange, 400, error("the request's " + (prompt + completion) + " tokens exceed the bucket's "
                        + quota.largestCall(), "invalid_request_error", "tokens_exceed_limit"));
                return;
            }
            long second = System.currentTimeMillis() / 1000;
            OptionalLong retryAfter = quota.admit(prompt + completion, System.nanoTime());
            if (retryAfter.isPresent()) {
                ledger.refused(second);
                exchange.getResponseHeaders().add("Retry-After", Long.toString(retryAfter.getAsLong()));
                send(exchange, 429, error("Rate limit reached for requests or tokens per minute", "requests",
                        "rate_limit_exceeded"));
                return;
            }
            ledger.admitted(second, prompt + completion);
            send(exchange, 200, completion(prompt, completion));
        }
    }

    private static ObjectNode completion(long promptTokens, long completionTokens) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "chatcmpl-quota");
        body.put("object", "chat.completion");
        body.put("model", "quota");
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", "done");
        choice.put("finish_reason", "stop");
        ObjectNode usage = body.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        return body;
    }

    private static ObjectNode error(String message, String type, String code) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.putNull("param");
        error.put("code", code);
        return body;
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        handlers.shutdownNow();
    }
}
