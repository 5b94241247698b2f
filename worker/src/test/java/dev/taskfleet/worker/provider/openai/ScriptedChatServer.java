package dev.taskfleet.worker.provider.openai;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real OpenAI-compatible chat-completions server on a free localhost port, answering from a
 * script: queued {@link Reply replies} first, then the fallback. Every request is recorded with
 * its arrival time, headers and body, so tests assert what was sent and when.
 *
 * <p>Slow replies are sent from a timer, so a slow answer never holds up the next request.
 */
public final class ScriptedChatServer implements AutoCloseable {

    /** One scripted answer: status, body, headers, and how long to wait before sending it. */
    public record Reply(int status, String body, Map<String, String> headers, Duration delay) {

        /** 200 with content (any text, JSON-escaped here) and a usage block. */
        public static Reply ok(String content, long promptTokens, long completionTokens) {
            return new Reply(200, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":" + JsonNodeFactory.instance.textNode(content)
                    + "},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":" + completionTokens
                    + ",\"total_tokens\":" + (promptTokens + completionTokens) + "}}", Map.of(), Duration.ZERO);
        }

        /** 200 with content and no usage block, as some local servers answer. */
        public static Reply okWithoutUsage(String content) {
            return new Reply(200, "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"" + content
                    + "\"}}]}", Map.of(), Duration.ZERO);
        }

        /** An OpenAI-style error body with {@code message}. */
        public static Reply error(int status, String message) {
            return new Reply(status, "{\"error\":{\"message\":\"" + message + "\",\"type\":\"error\"}}", Map.of(),
                    Duration.ZERO);
        }

        /** 429 with {@code Retry-After: <value>}. */
        public static Reply rateLimited(String retryAfter) {
            return new Reply(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}",
                    Map.of("Retry-After", retryAfter), Duration.ZERO);
        }

        /** The same reply, sent after {@code delay}. */
        public Reply after(Duration delay) {
            return new Reply(status, body, headers, delay);
        }
    }

    /**
     * A request as it arrived.
     *
     * @param receivedNanos {@link System#nanoTime()} on arrival
     * @param headers       header values by lower-case name
     */
    public record Recorded(long receivedNanos, String method, String path, Map<String, List<String>> headers,
            String body) {

        /** The first value of a header, or {@code null}. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool(daemon("scripted-chat"));
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(daemon("scripted-delay"));
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<Recorded> requests = new ArrayList<>();
    private Function<Recorded, Reply> fallback = request -> Reply.ok("done", 10, 5);

    private ScriptedChatServer(HttpServer server) {
        this.server = server;
    }

    /** Starts a server on {@code 127.0.0.1} and a free port. */
    public static ScriptedChatServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ScriptedChatServer scripted = new ScriptedChatServer(http);
            http.createContext("/", scripted::handle);
            http.setExecutor(scripted.handlers);
            http.start();
            return scripted;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The API root to configure, {@code http://127.0.0.1:<port>/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Queues replies, answered in order before the fallback. */
    public synchronized ScriptedChatServer then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** How to answer once the queue is empty; by default 200 "done" with 10 prompt and 5 completion tokens. */
    public synchronized ScriptedChatServer otherwise(Function<Recorded, Reply> answer) {
        this.fallback = answer;
        return this;
    }

    /** Every request so far, in arrival order. */
    public synchronized List<Recorded> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        long received = System.nanoTime();
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        Recorded request = new Recorded(received, exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                headers, body);
        Reply reply;
        synchronized (this) {
            requests.add(request);
            reply = script.isEmpty() ? fallback.apply(request) : script.pollFirst();
        }
        if (reply.delay().isZero()) {
            send(exchange, reply);
        } else {
            delays.schedule(() -> send(exchange, reply), reply.delay().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private static void send(HttpExchange exchange, Reply reply) {
        try {
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            reply.headers().forEach(exchange.getResponseHeaders()::add);
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException clientGone) {
            // The client timed out and closed the connection: nothing left to answer.
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        delays.shutdownNow();
        handlers.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
