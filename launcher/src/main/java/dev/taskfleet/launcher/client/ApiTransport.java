package dev.taskfleet.launcher.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskfleet.api.ApiJson;
import dev.taskfleet.api.ApiOperation;
import dev.taskfleet.api.BatchApi;
import dev.taskfleet.api.Problem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * HTTP to the producer: the base URL, the bearer key and the timeouts; JSON bodies bound with
 * {@link ApiJson}; streamed request and response bodies; and every failure as one of two
 * exceptions. No answer at all throws {@link ServerUnreachableException} (saying, for an upload
 * that had started, that the server may have taken it); an error answer throws {@link ApiException}
 * with its {@link Problem}, or one made up from the status and body when the answer is not a problem.
 *
 * <p>Paths keep the base URL's own: {@code https://host/tf} calls {@code https://host/tf/api/v1/...}.
 * Thread-safe.
 */
final class ApiTransport {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
    private static final int MAX_DETAIL = 500;

    private final URI base;
    private final String apiKey;
    private final HttpClient http;

    /**
     * @param producer the producer's base URL, e.g. {@code http://localhost:8080} or
     *                 {@code https://host/taskfleet}; a query or fragment is ignored
     * @param apiKey   the bearer key, or {@code null} to send none
     */
    ApiTransport(URI producer, String apiKey) {
        this.base = baseOf(producer);
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        // HTTP/1.1, so that an upload is streamed: on plain http the JDK client's default (HTTP/2) makes a
        // new connection's first request an h2c upgrade, and a server that honours the upgrade (the
        // producer's) reads such a request's whole body before it answers.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    /**
     * Calls {@code operation} at {@code target} (its path, with the batch id and query filled in),
     * sending {@code body} as JSON unless it is {@code null}, and binds a successful answer.
     */
    <T> T call(ApiOperation<T> operation, String target, Object body) {
        HttpRequest.Builder request = timed(target).header("Accept", operation.mediaType());
        if (body == null) {
            request.method(operation.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", BatchApi.JSON)
                    .method(operation.method(), HttpRequest.BodyPublishers.ofString(encode(body)));
        }
        HttpResponse<String> response = send(request.build(), HttpResponse.BodyHandlers.ofString(), null);
        if (response.statusCode() / 100 != 2) {
            throw new ApiException(problem(response.statusCode(), response.body()));
        }
        return decode(response, operation.response());
    }

    /**
     * Uploads {@code body} to {@code operation} and returns whatever the server answered. No request
     * timeout: the producer answers only after the whole upload (up to 512 MiB) and every Kafka ack, so
     * a timeout would give up on a batch the producer goes on to accept, and invite a second
     * submission of it. The connect timeout still catches a server that is not there.
     */
    HttpResponse<String> upload(ApiOperation<?> operation, String query, HttpRequest.BodyPublisher body,
            String mediaType) {
        TrackedBody tracked = new TrackedBody(body);
        return send(uploadRequest(operation, query, tracked, mediaType), HttpResponse.BodyHandlers.ofString(), tracked);
    }

    /** The upload to {@code operation}'s path with {@code query} ({@code ""} or {@code ?name=value...}). */
    HttpRequest uploadRequest(ApiOperation<?> operation, String query, HttpRequest.BodyPublisher body,
            String mediaType) {
        return authorized(HttpRequest.newBuilder(base.resolve(relative(operation.path()) + query)))
                .header("Accept", operation.mediaType())
                .header("Content-Type", mediaType)
                .method(operation.method(), body)
                .build();
    }

    /**
     * Streams the lines of a successful answer at {@code target} to {@code lines}, blank lines
     * left out, never holding the whole answer.
     *
     * @return how many lines were passed on
     */
    long lines(ApiOperation<?> operation, String target, Consumer<String> lines) {
        try (BufferedReader reader = open(operation, target, timed(target))) {
            long count = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    lines.accept(line);
                    count++;
                }
            }
            return count;
        } catch (IOException e) {
            throw new ServerUnreachableException("the answer of " + target + " broke off: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the server-sent events at {@code target} until the handler stops or the stream ends;
     * no request timeout, since the stream lasts as long as the batch runs.
     *
     * @return whether the handler stopped the reading
     */
    boolean events(ApiOperation<?> operation, String target, EventStreamReader.Handler handler) {
        HttpRequest.Builder request = authorized(HttpRequest.newBuilder(base.resolve(relative(target))));
        try (BufferedReader reader = open(operation, target, request)) {
            return EventStreamReader.read(reader, handler);
        } catch (IOException e) {
            throw new ServerUnreachableException("the event stream " + target + " broke off: " + e.getMessage(), e);
        }
    }

    /** A successful answer bound to {@code type}; an answer that does not bind is an error too. */
    <T> T decode(HttpResponse<String> response, Class<T> type) {
        try {
            return ApiJson.mapper().readValue(response.body(), type);
        } catch (IOException e) {
            throw new ApiException(Problem.of(Problem.BLANK_TYPE, "Unreadable answer", response.statusCode(),
                    "not a " + type.getSimpleName() + ": " + e.getMessage().lines().findFirst().orElse("")));
        }
    }

    /**
     * The problem an error answer carries. A JSON object with a {@code title} is taken for one, with
     * the answer's own status (the member is only advisory); any other body (a proxy's page, say)
     * becomes the detail of a made-up problem, shortened.
     */
    static Problem problem(int status, String body) {
        try {
            JsonNode sent = body == null || body.isBlank() ? null : ApiJson.mapper().readTree(body);
            if (sent instanceof ObjectNode object && object.hasNonNull("title")) {
                return ApiJson.mapper().treeToValue(object.put("status", status), Problem.class);
            }
        } catch (IOException e) {
            // Not a problem document; kept below as the detail.
        }
        String detail = body == null || body.isBlank() ? null
                : body.length() > MAX_DETAIL ? body.strip().substring(0, MAX_DETAIL) + "..." : body.strip();
        return Problem.of(Problem.BLANK_TYPE, reason(status), status, detail);
    }

    /** The standard reason phrase of the statuses the API uses. */
    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "HTTP " + status;
        };
    }

    private BufferedReader open(ApiOperation<?> operation, String target, HttpRequest.Builder request) throws IOException {
        HttpResponse<InputStream> response = send(request.header("Accept", operation.mediaType())
                .method(operation.method(), HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofInputStream(), null);
        if (response.statusCode() / 100 != 2) {
            try (InputStream body = response.body()) {
                throw new ApiException(problem(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder timed(String target) {
        return authorized(HttpRequest.newBuilder(base.resolve(relative(target)))).timeout(REQUEST_TIMEOUT);
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        return apiKey == null ? builder : builder.header("Authorization", "Bearer " + apiKey);
    }

    /** @param upload the request body, when it may have started going out; {@code null} for none */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, TrackedBody upload) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            if (upload != null && upload.started()) {
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

    private static String encode(Object body) {
        try {
            return ApiJson.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** An API path relative to the base URL, so that the base URL's own path is kept. */
    private static String relative(String target) {
        return target.startsWith("/") ? target.substring(1) : target;
    }

    /** The base URL with a path ending in '/', which relative paths resolve below. */
    private static URI baseOf(URI producer) {
        String path = producer.getRawPath() == null ? "" : producer.getRawPath();
        String directory = path.endsWith("/") ? path : path + "/";
        return URI.create(producer.getScheme() + "://" + producer.getRawAuthority() + directory);
    }
}
