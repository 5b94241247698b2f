package dev.taskfleet.worker.provider.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskfleet.worker.provider.ModelCallException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * Sends one HTTP call to a provider and turns every way it can go wrong into a classified
 * {@link ModelCallException} ({@link ErrorClassifier}), the same for every provider and every
 * endpoint, chat or batch. Uses {@link HttpClient#sendAsync}, so no thread waits on a call.
 *
 * <p>Each provider adds its own authentication headers ({@code authHeaders}); the endpoint's extra
 * headers come last and replace a header of the same name. Retrying is the caller's business.
 * The caller owns the {@link HttpClient}. The key is never logged or put in a message.
 */
public final class ProviderHttp {

    /** A 2xx answer and how long it took. */
    public record Answer(String body, Duration latency) {
    }

    private final HttpClient http;
    private final HttpEndpoint endpoint;
    private final Map<String, String> authHeaders;
    private final ErrorClassifier errors;
    private final LongSupplier nanoTime;

    /**
     * @param authHeaders the provider's own headers on every call (key, API version)
     * @param clock       reads {@code Retry-After} dates
     * @param nanoTime    measures latency, {@code System::nanoTime} outside tests
     */
    public ProviderHttp(HttpClient http, HttpEndpoint endpoint, Map<String, String> authHeaders, ObjectMapper json,
            Clock clock, LongSupplier nanoTime) {
        this.http = http;
        this.endpoint = endpoint;
        this.authHeaders = Map.copyOf(authHeaders);
        this.errors = new ErrorClassifier(json, clock);
        this.nanoTime = nanoTime;
    }

    /** An HTTP client suited to the endpoint: HTTP/1.1 on plain http, where HTTP/2 would need an h2c upgrade some servers mishandle. */
    public static HttpClient defaultClient(HttpEndpoint endpoint) {
        boolean tls = "https".equalsIgnoreCase(endpoint.baseUrl().getScheme());
        return HttpClient.newBuilder()
                .version(tls ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .connectTimeout(endpoint.timeout())
                .build();
    }

    public HttpEndpoint endpoint() {
        return endpoint;
    }

    /** {@code POST} of a JSON body to {@code path} below the base URL. */
    public CompletionStage<Answer> postJson(String path, String json) {
        return send(request(endpoint.resolve(path)).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** {@code POST} of any body to {@code path} below the base URL. */
    public CompletionStage<Answer> post(String path, String contentType, HttpRequest.BodyPublisher body) {
        return send(request(endpoint.resolve(path)).header("Content-Type", contentType).POST(body));
    }

    /** {@code GET} of {@code path} below the base URL. */
    public CompletionStage<Answer> get(String path) {
        return get(endpoint.resolve(path));
    }

    /** {@code GET} of an absolute URL the provider handed out (a results URL). */
    public CompletionStage<Answer> get(URI url) {
        return send(request(url).GET());
    }

    private HttpRequest.Builder request(URI url) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(endpoint.timeout());
        authHeaders.forEach(request::setHeader);
        endpoint.extraHeaders().forEach(request::setHeader);
        return request;
    }

    private CompletionStage<Answer> send(HttpRequest.Builder request) {
        long started = nanoTime.getAsLong();
        CompletableFuture<HttpResponse<String>> sent;
        try {
            sent = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(errors.forTransport(e, endpoint.timeout()));
        }
        return sent.handle((response, failure) -> {
            if (failure != null) {
                throw errors.forTransport(unwrap(failure), endpoint.timeout());
            }
            if (response.statusCode() / 100 != 2) {
                throw errors.forStatus(response.statusCode(), response.body(),
                        response.headers().firstValue("Retry-After"));
            }
            return new Answer(response.body(), Duration.ofNanos(nanoTime.getAsLong() - started));
        });
    }

    /** The failure an error answer with {@code status} and {@code body} stands for, for errors reported inside a body (batch results). */
    public ModelCallException classify(int status, String body) {
        return errors.forStatus(status, body, Optional.empty());
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
