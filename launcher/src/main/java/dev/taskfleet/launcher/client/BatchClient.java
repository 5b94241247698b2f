package dev.taskfleet.launcher.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskfleet.contract.EventCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Submits JSONL batches to the producer's {@code POST /api/v1/batches}.
 *
 * <p>Every HTTP answer becomes a {@link SubmitResponse}, errors included, so callers decide what
 * a 400 or 413 means to them; only a failure to talk to the producer at all throws.
 */
public final class BatchClient {

    public static final String BATCHES_PATH = "/api/v1/batches";
    public static final String NDJSON = "application/x-ndjson";

    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

    private final URI batches;
    private final HttpClient http;

    /** @param producer the producer's base URL, e.g. {@code http://localhost:8080} */
    public BatchClient(URI producer) {
        this.batches = producer.resolve(BATCHES_PATH);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Submits the body as one batch; the stream is read to its end but not closed. */
    public SubmitResponse submitJsonl(InputStream body) {
        try {
            return submit(HttpRequest.BodyPublishers.ofByteArray(body.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the batch", e);
        }
    }

    /** Submits a JSONL file as one batch. */
    public SubmitResponse submitJsonl(Path file) {
        try {
            return submit(HttpRequest.BodyPublishers.ofFile(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private SubmitResponse submit(HttpRequest.BodyPublisher body) {
        HttpRequest request = HttpRequest.newBuilder(batches)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", NDJSON)
                .header("Accept", "application/json")
                .POST(body)
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the producer at " + batches + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while submitting to " + batches, e);
        }
        return parse(response.statusCode(), response.body());
    }

    static SubmitResponse parse(int status, String body) {
        JsonNode json = readJson(body);
        if (status == 202) {
            return new SubmitResponse(status, json.path("batchId").asText(null), json.path("accepted").asInt(0),
                    rejections(json.path("rejected")), null);
        }
        String detail = json.path("detail").asText(null);
        if (detail == null) {
            detail = json.path("title").asText(null);
        }
        if (detail == null && body != null && !body.isBlank()) {
            detail = body.length() > 500 ? body.substring(0, 500) + "..." : body;
        }
        return new SubmitResponse(status, null, 0, List.of(), detail);
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
            rejections.add(new Rejection(item.path("line").asInt(0), item.path("error").asText("")));
        }
        return rejections;
    }
}
