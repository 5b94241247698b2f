package dev.taskfleet.launcher.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays the producer's REST API v1 on a free localhost port with scripted answers: each route
 * ({@code "GET /api/v1/batches/b1"}) answers its scripted replies in turn, repeating the last.
 * Checks the bearer key when one is required, and records every request. Reads a request body as
 * it arrives, as the producer does, so {@link #linesReceived()} shows whether a client streams.
 */
public final class FakeProducer implements AutoCloseable {

    /** A scripted answer. {@code chunks} are flushed one by one (for event streams). */
    public record Reply(int status, String contentType, List<String> chunks) {
        public static Reply json(int status, String body) {
            return new Reply(status, status / 100 == 2 ? "application/json" : "application/problem+json", List.of(body));
        }

        public static Reply ndjson(String... lines) {
            return new Reply(200, "application/x-ndjson", List.of(String.join("\n", lines) + "\n"));
        }

        public static Reply events(String... events) {
            return new Reply(200, "text/event-stream", List.of(events));
        }

        public static Reply problem(int status, String title, String detail) {
            return json(status, "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                    + ",\"detail\":\"" + detail + "\"}");
        }
    }

    /** A request as received; {@code upgrade} is its {@code Upgrade} header, {@code null} without one. */
    public record Request(String method, String path, String query, String authorization, String contentType,
                          String upgrade, String body) {
    }

    private final HttpServer server;
    private final Map<String, List<Reply>> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<String> linesReceived = new CopyOnWriteArrayList<>();
    private volatile String requiredKey;

    public FakeProducer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://localhost:" + server.getAddress().getPort());
    }

    /** Answers 401 to requests without {@code Authorization: Bearer <key>}. */
    public FakeProducer requireKey(String key) {
        this.requiredKey = key;
        return this;
    }

    /** Scripts {@code "METHOD /path"} (query ignored) to answer these replies in turn, the last one repeatedly. */
    public FakeProducer on(String route, Reply... replies) {
        routes.put(route, List.of(replies));
        served.put(route, new AtomicInteger());
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /**
     * Every complete line of the request bodies read so far, in arrival order, including those of
     * requests whose body is still arriving (which {@link #requests()} does not list yet).
     */
    public List<String> linesReceived() {
        return List.copyOf(linesReceived);
    }

    public List<Request> requests(String method, String path) {
        List<Request> matching = new ArrayList<>();
        for (Request request : requests) {
            if (request.method().equals(method) && request.path().equals(path)) {
                matching.add(request);
            }
        }
        return matching;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = readLineByLine(exchange.getRequestBody());
            String path = exchange.getRequestURI().getPath();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getQuery(),
                    authorization, exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Upgrade"), body));
            if (requiredKey != null && !("Bearer " + requiredKey).equals(authorization)) {
                send(exchange, Reply.problem(401, "Unauthorized", "missing or unknown API key"));
                return;
            }
            String route = exchange.getRequestMethod() + " " + path;
            List<Reply> replies = routes.get(route);
            if (replies == null) {
                send(exchange, Reply.problem(404, "Not Found", "no route " + route));
                return;
            }
            int index = Math.min(served.get(route).getAndIncrement(), replies.size() - 1);
            send(exchange, replies.get(index));
        }
    }

    /** The whole body, each line passed to {@link #linesReceived} as soon as its end arrives. */
    private String readLineByLine(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        for (int read = in.read(chunk); read >= 0; read = in.read(chunk)) {
            body.write(chunk, 0, read);
            for (int i = 0; i < read; i++) {
                if (chunk[i] == '\n') {
                    linesReceived.add(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(chunk[i]);
                }
            }
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", reply.contentType());
        exchange.sendResponseHeaders(reply.status(), 0);
        OutputStream out = exchange.getResponseBody();
        for (String chunk : reply.chunks()) {
            out.write(chunk.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
