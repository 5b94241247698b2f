package dev.taskfleet.testkit.modelserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real HTTP server on {@code 127.0.0.1} and a free port that plays a model provider from a
 * script. It holds a route table: one {@link Route} per {@link Endpoint} path, each with its own
 * script, so a provider whose API spans several paths (a chat endpoint, a batch endpoint, file
 * uploads) is served by one server. A path with no route answers 404. Every request is recorded
 * with its arrival time, headers, body and prompt, so tests assert what was sent and when.
 *
 * <p>Delayed replies and dropped connections are carried out from a timer, so a slow answer never
 * holds up the next request. Close the server at the end of the test; its port is refused after.
 *
 * <p>A gate holds work open for as long as a test needs it, whatever the speed of the machine:
 * {@link #holdAfter(int)} lets a number of requests through and then leaves every later one
 * unanswered (but recorded) until {@link #release()}. A batch whose model calls are held cannot
 * finish, so "mid-batch" is a state the test makes, not a race it hopes to win. {@link #holdWhere}
 * holds only the requests a test picks (one task's prompt, say), so the rest of the work flows
 * around the held one.
 */
public final class ScriptedModelServer implements AutoCloseable {

    private static final Predicate<RecordedRequest> NOTHING = request -> false;

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool(daemon("scripted-model"));
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(daemon("scripted-delay"));
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new ArrayList<>();
    /* Guarded by this: requests still let through before the gate closes, which requests it holds anyway, and the gate. */
    private int passesLeft = Integer.MAX_VALUE;
    private Predicate<RecordedRequest> holding = NOTHING;
    private CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);
    private int held;

    private ScriptedModelServer(HttpServer server) {
        this.server = server;
    }

    /** Starts a server with no routes yet. */
    public static ScriptedModelServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ScriptedModelServer scripted = new ScriptedModelServer(http);
            http.createContext("/", scripted::handle);
            http.setExecutor(scripted.handlers);
            http.start();
            return scripted;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The absolute URL of {@code path} on this server, e.g. a provider's base URL. */
    public String url(String path) {
        return uri() + path;
    }

    /** The route of {@code endpoint}'s path, created on first use; later calls return the same route. */
    public Route route(Endpoint endpoint) {
        Route route = routes.computeIfAbsent(endpoint.path(), path -> new Route(endpoint));
        if (!route.endpoint().equals(endpoint)) {
            throw new IllegalArgumentException(endpoint.path() + " is already routed to " + route.endpoint());
        }
        return route;
    }

    /** A route for a path with no provider behind it; see {@link Endpoint#plain(String)}. */
    public Route route(String path) {
        Route existing = routes.get(path);
        return existing != null ? existing : route(Endpoint.plain(path));
    }

    /** Every request so far on every path, routed or not, in arrival order. */
    public synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /**
     * Answers the next {@code passes} requests as scripted and holds every request after them
     * unanswered until {@link #release()}. {@code holdAfter(0)} holds from the next request on.
     */
    public synchronized void holdAfter(int passes) {
        if (passes < 0) {
            throw new IllegalArgumentException("passes must not be negative, was " + passes);
        }
        passesLeft = passes;
        if (gate.isDone()) {
            gate = new CompletableFuture<>();
        }
    }

    /**
     * Holds every request from now on that {@code which} picks, unanswered (but recorded) until
     * {@link #release()}, whatever {@link #holdAfter} lets through; the others are answered as
     * scripted.
     */
    public synchronized void holdWhere(Predicate<RecordedRequest> which) {
        holding = Objects.requireNonNull(which, "which");
        if (gate.isDone()) {
            gate = new CompletableFuture<>();
        }
    }

    /** Answers every held request (each after its own scripted delay) and stops holding. */
    public void release() {
        CompletableFuture<Void> opening;
        synchronized (this) {
            passesLeft = Integer.MAX_VALUE;
            holding = NOTHING;
            held = 0;
            opening = gate;
        }
        opening.complete(null);
    }

    /**
     * Answers the requests held now and goes on holding as before (what {@link #holdWhere} picks,
     * and what a {@link #holdAfter} limit no longer lets through): later requests wait at a new
     * gate. Unlike {@link #release()} followed by a new hold, no request slips through between the
     * two.
     */
    public void releaseHeld() {
        CompletableFuture<Void> opening;
        synchronized (this) {
            held = 0;
            opening = gate;
            gate = new CompletableFuture<>();
        }
        opening.complete(null);
    }

    /** How many requests are waiting at the gate now. */
    public synchronized int heldRequests() {
        return held;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long received = System.nanoTime();
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        String path = exchange.getRequestURI().getPath();
        Route route = routeOf(path);
        String prompt = route == null ? body : promptOf(route.endpoint(), body);
        RecordedRequest request = new RecordedRequest(received, exchange.getRequestMethod(), path,
                exchange.getRequestURI().getRawQuery(), headers, body, prompt);
        synchronized (this) {
            requests.add(request);
        }
        Reply reply = route == null
                ? Reply.json(404, "{\"error\":{\"message\":\"no route for " + path + "\"}}")
                : route.answer(request);
        CompletableFuture<Void> opened;
        synchronized (this) {
            if (!holding.test(request) && passesLeft > 0) {
                if (passesLeft != Integer.MAX_VALUE) {
                    passesLeft--;
                }
                opened = null;
            } else {
                held++;
                opened = gate;
            }
        }
        if (reply.cutsMidBody()) {
            breakOffMidBody(exchange, reply, opened);
        } else if (opened == null) {
            answer(exchange, reply);
        } else {
            opened.thenRunAsync(() -> answer(exchange, reply), handlers);
        }
    }

    private void answer(HttpExchange exchange, Reply reply) {
        if (reply.delay().isZero()) {
            send(exchange, reply);
        } else {
            delays.schedule(() -> send(exchange, reply), reply.delay().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** The route of exactly {@code path}, else the route of the longest subtree holding it, else none. */
    private Route routeOf(String path) {
        Route exact = routes.get(path);
        if (exact != null) {
            return exact;
        }
        Route best = null;
        for (Route route : routes.values()) {
            if (route.endpoint().serves(path)
                    && (best == null || route.endpoint().path().length() > best.endpoint().path().length())) {
                best = route;
            }
        }
        return best;
    }

    /**
     * Sends the status, headers announcing the whole body, and half of it, then fails the handler:
     * only an exception escaping a handler makes the JDK's server close the connection itself
     * (closing a short fixed-length body leaves it open, and the client would wait for the rest).
     * So this runs on the handler's thread, waiting out the gate and the delay there.
     */
    private static void breakOffMidBody(HttpExchange exchange, Reply reply, CompletableFuture<Void> gate)
            throws IOException {
        if (gate != null) {
            gate.join();
        }
        try {
            Thread.sleep(reply.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("stopped before breaking off the answer", e);
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        reply.headers().forEach(exchange.getResponseHeaders()::add);
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        OutputStream out = exchange.getResponseBody();
        out.write(bytes, 0, bytes.length / 2);
        out.flush();
        throw new IOException("the answer is broken off halfway, as scripted");
    }

    private static String promptOf(Endpoint endpoint, String body) {
        String prompt = endpoint.promptOf().apply(body);
        return prompt == null ? body : prompt;
    }

    private static void send(HttpExchange exchange, Reply reply) {
        try {
            if (reply.dropsConnection()) {
                // Closing an exchange before its response headers closes the TCP connection itself.
                return;
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            reply.headers().forEach(exchange.getResponseHeaders()::add);
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
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
