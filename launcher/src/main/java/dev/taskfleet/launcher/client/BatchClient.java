package dev.taskfleet.launcher.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskfleet.contract.EventCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The producer's REST API v1 ({@code /api/v1/batches}): submit, status, list, results, progress
 * events, retry and cancel, with {@code Authorization: Bearer <key>} on every call when a key is
 * given.
 *
 * <p>Errors: a call without any HTTP answer throws {@link ServerUnreachableException}; an error
 * answer throws {@link ApiException} carrying the problem, except {@code submit*}, which returns
 * every answer as a {@link SubmitResponse} so callers can also read the rejected lines of a 400.
 * A submission that breaks off once its body started streaming says the batch may have been
 * accepted. Paths keep the base URL's own: {@code https://host/tf} calls {@code https://host/tf/api/v1/...}.
 * Thread-safe.
 */
public final class BatchClient {

    public static final String BATCHES_PATH = "/api/v1/batches";
    public static final String NDJSON = "application/x-ndjson";
    public static final String JSON = "application/json";

    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
    /** {@link #BATCHES_PATH} relative to the base URL, so the base URL's own path is kept. */
    private static final String BATCHES = BATCHES_PATH.substring(1);

    private final URI base;
    private final URI batches;
    private final String apiKey;
    private final HttpClient http;

    /** A client without a key, for a producer with {@code taskfleet.auth.enabled=false}. */
    public BatchClient(URI producer) {
        this(producer, null);
    }

    /**
     * @param producer the producer's base URL, e.g. {@code http://localhost:8080} or
     *                 {@code https://host/taskfleet}; a query or fragment is ignored
     * @param apiKey   the bearer key, or {@code null} to send none
     */
    public BatchClient(URI producer, String apiKey) {
        this.base = baseOf(producer);
        this.batches = base.resolve(BATCHES);
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Submits JSONL as one batch, streaming it; the stream is read to its end but not closed. */
    public SubmitResponse submitJsonl(InputStream body) {
        return submit(body, NDJSON);
    }

    /** Submits a JSONL file as one batch, streaming it. */
    public SubmitResponse submitJsonl(Path file) {
        try {
            return submit(HttpRequest.BodyPublishers.ofFile(file), NDJSON);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Submits a body of {@link #NDJSON} or {@link #JSON} as one batch, streaming it; the stream is
     * read to its end but not closed.
     */
    public SubmitResponse submit(InputStream body, String mediaType) {
        return submit(HttpRequest.BodyPublishers.ofInputStream(() -> new UnclosedInputStream(body)), mediaType);
    }

    private SubmitResponse submit(HttpRequest.BodyPublisher body, String mediaType) {
        TrackedBody tracked = new TrackedBody(body);
        HttpResponse<String> response = send(submitRequest(tracked, mediaType), HttpResponse.BodyHandlers.ofString(),
                tracked::started);
        JsonNode json = readJson(response.body());
        Problem problem = response.statusCode() == 202 ? null : Problem.from(response.statusCode(), response.body());
        return new SubmitResponse(response.statusCode(), json.path("batchId").asText(null),
                json.path("accepted").asInt(0), json.path("rejectedCount").asLong(0), rejections(json.path("rejected")),
                problem);
    }

    /**
     * No request timeout: the producer answers only after the whole upload (up to 512 MiB) and every
     * Kafka ack, so a timeout would give up on a batch the producer goes on to accept, and invite a
     * second submission of it. The connect timeout still catches a server that is not there.
     */
    HttpRequest submitRequest(HttpRequest.BodyPublisher body, String mediaType) {
        return untimed(batches).header("Content-Type", mediaType).POST(body).build();
    }

    /** {@code GET /batches/{id}}. */
    public BatchStatus status(String batchId) {
        return getJson(batch(batchId, ""), BatchStatus.class);
    }

    /** {@code GET /batches?limit=..&cursor=..}: one page of the caller's batches, newest first. */
    public BatchPage list(int limit, String cursor) {
        String query = "?limit=" + limit + (cursor == null ? "" : "&cursor=" + encode(cursor));
        return getJson(base.resolve(BATCHES + query), BatchPage.class);
    }

    /**
     * {@code GET /batches/{id}/results}: streams the NDJSON lines (one final result each) to
     * {@code lines} as they arrive, never holding the whole answer.
     *
     * @param status {@code succeeded}, {@code failed}, {@code cancelled}, or {@code null} for all
     * @return how many lines were passed on
     */
    public long results(String batchId, String status, Consumer<String> lines) {
        URI uri = batch(batchId, "/results" + (status == null ? "" : "?status=" + encode(status)));
        HttpResponse<InputStream> response = send(request(uri).header("Accept", NDJSON).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = reader(requireOk(response))) {
            long count = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    lines.accept(line);
                    count++;
                }
            }
            return count;
        } catch (IOException e) {
            throw new ServerUnreachableException("the results of " + batchId + " broke off: " + e.getMessage(), e);
        }
    }

    /**
     * {@code GET /batches/{id}/events}: passes each {@code progress} status on until the
     * {@code done} event or the end of the stream.
     *
     * @return whether the stream said {@code done}
     */
    public boolean events(String batchId, Consumer<BatchStatus> progress) {
        HttpRequest request = authorized(HttpRequest.newBuilder(batch(batchId, "/events")))
                .header("Accept", "text/event-stream")
                .GET().build();
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = reader(requireOk(response))) {
            return EventStreamReader.read(reader, (event, data) -> {
                if (event.equals("done")) {
                    return false;
                }
                if (event.equals("progress")) {
                    progress.accept(EventCodec.mapper().readValue(data, BatchStatus.class));
                }
                return true;
            });
        } catch (IOException e) {
            throw new ServerUnreachableException("the progress stream of " + batchId + " broke off: " + e.getMessage(), e);
        }
    }

    /** {@code POST /batches/{id}/retry}: re-runs the failed tasks, on {@code tier} when not {@code null}. */
    public RetryReceipt retry(String batchId, String tier) {
        ObjectNode body = EventCodec.mapper().createObjectNode();
        if (tier != null) {
            body.put("tier", tier);
        }
        return postJson(batch(batchId, "/retry"), body.toString(), RetryReceipt.class);
    }

    /** {@code POST /batches/{id}/cancel}. */
    public CancelReceipt cancel(String batchId) {
        return postJson(batch(batchId, "/cancel"), "", CancelReceipt.class);
    }

    private <T> T getJson(URI uri, Class<T> type) {
        return decode(send(request(uri).GET().build(), HttpResponse.BodyHandlers.ofString()), type);
    }

    private <T> T postJson(URI uri, String body, Class<T> type) {
        HttpRequest request = request(uri).header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return decode(send(request, HttpResponse.BodyHandlers.ofString()), type);
    }

    private static <T> T decode(HttpResponse<String> response, Class<T> type) {
        if (response.statusCode() / 100 != 2) {
            throw new ApiException(Problem.from(response.statusCode(), response.body()));
        }
        try {
            return EventCodec.mapper().readValue(response.body(), type);
        } catch (IOException e) {
            throw new ApiException(new Problem("about:blank", "Unreadable answer", response.statusCode(),
                    "not a " + type.getSimpleName() + ": " + e.getMessage().lines().findFirst().orElse("")));
        }
    }

    private static InputStream requireOk(HttpResponse<InputStream> response) throws IOException {
        if (response.statusCode() / 100 != 2) {
            try (InputStream body = response.body()) {
                throw new ApiException(Problem.from(response.statusCode(),
                        new String(body.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        return response.body();
    }

    private static BufferedReader reader(InputStream body) {
        return new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder request(URI uri) {
        return untimed(uri).timeout(REQUEST_TIMEOUT);
    }

    private HttpRequest.Builder untimed(URI uri) {
        return authorized(HttpRequest.newBuilder(uri).header("Accept", JSON));
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        return apiKey == null ? builder : builder.header("Authorization", "Bearer " + apiKey);
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return send(request, handler, () -> false);
    }

    /** @param bodyStarted whether the request body started streaming, asked when the call fails */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                     BooleanSupplier bodyStarted) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            if (bodyStarted.getAsBoolean()) {
                throw new ServerUnreachableException("the connection to the producer at " + base
                        + " broke off after the batch started uploading (" + describe(e) + "); the batch may have "
                        + "been accepted: check 'taskfleet list' before resubmitting it", e);
            }
            throw new ServerUnreachableException("cannot reach the producer at " + base + " (" + describe(e) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + request.uri(), e);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connection timed out";
        }
        if (e instanceof ConnectException) {
            // The JDK client leaves the message empty for a refused connection.
            return "connection refused; is the producer running?";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private URI batch(String batchId, String suffix) {
        return base.resolve(BATCHES + "/" + encode(batchId) + suffix);
    }

    /** The base URL with a path ending in '/', which relative paths resolve below. */
    private static URI baseOf(URI producer) {
        String path = producer.getRawPath() == null ? "" : producer.getRawPath();
        String directory = path.endsWith("/") ? path : path + "/";
        return URI.create(producer.getScheme() + "://" + producer.getRawAuthority() + directory);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static JsonNode readJson(String body) {
        try {
            JsonNode json = body == null || body.isBlank() ? null : EventCodec.mapper().readTree(body);
            return json == null ? EventCodec.mapper().createObjectNode() : json;
        } catch (IOException e) {
            return EventCodec.mapper().createObjectNode();
        }
    }

    private static List<Rejection> rejections(JsonNode array) {
        List<Rejection> rejections = new ArrayList<>();
        for (JsonNode item : array) {
            String error = item.path("error").asText("");
            rejections.add(new Rejection(item.path("line").asInt(0), item.path("id").asText(null),
                    item.path("field").asText(null), error));
        }
        return rejections;
    }
}
