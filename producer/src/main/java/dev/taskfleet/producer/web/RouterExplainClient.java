package dev.taskfleet.producer.web;

import dev.taskfleet.producer.config.FleetConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks the router where tasks would go: {@code POST <router-url>/api/v1/routing/explain}, the
 * router's own endpoint, so the preview uses the live policy (adaptive statistics included) and the
 * producer never loads a second copy of it. The router's port has no authentication and stays
 * inside the cluster; the producer's preview endpoint is the authenticated way in.
 */
@ApplicationScoped
public class RouterExplainClient {

    /** The router's path for explanations. */
    public static final String EXPLAIN_PATH = "/api/v1/routing/explain";

    /* A preview is a person waiting on a page: fail clearly rather than hang. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(20);

    /** What the router answered: its status, media type and body, passed on by the caller. */
    public record Answer(int status, String contentType, byte[] body) {
    }

    /** The router could not be asked: not reachable, or no answer in time. */
    public static final class RouterUnavailableException extends Exception {
        RouterUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final URI explain;
    private final HttpClient http;

    @Inject
    public RouterExplainClient(FleetConfig config) {
        this.explain = config.producer().routerUrl().resolve(EXPLAIN_PATH);
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** Sends {@code body} (tasks as submitted, NDJSON or JSON) and returns the router's answer, whatever its status. */
    public Answer explain(byte[] body, String contentType) throws RouterUnavailableException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(explain)
                .timeout(ANSWER_TIMEOUT)
                .header("Content-Type", contentType)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new RouterUnavailableException("the router at " + explain + " did not answer ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
    }

    /** Where the questions go, for messages. */
    public URI explainUri() {
        return explain;
    }
}
