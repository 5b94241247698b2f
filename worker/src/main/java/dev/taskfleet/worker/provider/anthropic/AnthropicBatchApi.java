package dev.taskfleet.worker.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.worker.batch.BatchProgress;
import dev.taskfleet.worker.batch.BatchRequest;
import dev.taskfleet.worker.batch.ProviderBatchApi;
import dev.taskfleet.worker.batch.RequestOutcome;
import dev.taskfleet.worker.provider.ModelCallException;
import dev.taskfleet.worker.provider.http.HttpEndpoint;
import dev.taskfleet.worker.provider.http.ProviderHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Anthropic's Message Batches API: {@code POST {baseUrl}/v1/messages/batches} with one
 * {@code {custom_id, params}} per request (the same {@code params} as a single Messages call),
 * {@code GET .../batches/{id}} until {@code processing_status} is {@code ended}, then its
 * {@code results_url} (JSONL, one line per {@code custom_id}: {@code succeeded}, {@code errored},
 * {@code canceled} or {@code expired}); {@code POST .../batches/{id}/cancel} cancels.
 *
 * <p>A message batch has no metadata, so after a crash {@link #find} can only name a candidate: a
 * batch created in the window with the same number of requests. Its outcomes must then carry this
 * provider batch's custom ids (which embed its id) to be taken as ours ({@link #findsForCertain()}
 * is {@code false}).
 */
public final class AnthropicBatchApi implements ProviderBatchApi {

    static final String BATCHES = "v1/messages/batches";
    /** Pages of 100 batches looked through by {@link #find}, at most. */
    private static final int MAX_FIND_PAGES = 50;
    /** Anthropic's error types and the status each stands for, so errors inside results are classified like errors on their own. */
    private static final Map<String, Integer> STATUS_OF_ERROR_TYPE = Map.of(
            "invalid_request_error", 400,
            "authentication_error", 401,
            "billing_error", 402,
            "permission_error", 403,
            "not_found_error", 404,
            "request_too_large", 413,
            "rate_limit_error", 429,
            "api_error", 500,
            "timeout_error", 504,
            "overloaded_error", 529);

    private final ProviderHttp http;
    private final AnthropicBodies bodies;
    private final ObjectMapper json;

    public AnthropicBatchApi(HttpClient client, HttpEndpoint endpoint, ObjectMapper json, Clock clock) {
        this.http = new ProviderHttp(client, endpoint, AnthropicMessagesProvider.authHeaders(endpoint), json, clock,
                System::nanoTime);
        this.bodies = new AnthropicBodies(json, endpoint);
        this.json = json;
    }

    @Override
    public CompletionStage<Submission> submit(String taskfleetId, List<BatchRequest> requests) {
        ObjectNode body = json.createObjectNode();
        ArrayNode list = body.putArray("requests");
        for (BatchRequest request : requests) {
            ObjectNode entry = list.addObject();
            entry.put("custom_id", request.customId());
            entry.set("params", bodies.request(request.request()));
        }
        return http.postJson(BATCHES, body.toString()).thenApply(answer -> {
            JsonNode batch = read(answer.body());
            return new Submission(batch.path("id").asText(), batch.path("processing_status").asText("in_progress"),
                    instant(batch.path("expires_at")).orElse(null));
        });
    }

    @Override
    public CompletionStage<BatchProgress> progress(String providerBatchId) {
        return http.get(BATCHES + "/" + providerBatchId).thenApply(answer -> {
            JsonNode batch = read(answer.body());
            String status = batch.path("processing_status").asText("");
            String results = batch.path("results_url").isTextual() ? batch.path("results_url").asText() : null;
            return new BatchProgress(batch.path("id").asText(), status, "ended".equals(status),
                    instant(batch.path("expires_at")).orElse(null), results, null, Optional.empty());
        });
    }

    @Override
    public CompletionStage<List<RequestOutcome>> outcomes(BatchProgress ended, List<BatchRequest> requests) {
        if (ended.outcomesAt() == null) {
            return CompletableFuture.failedFuture(new ModelCallException(ResultErrorCodes.PROVIDER_ERROR,
                    "message batch " + ended.providerBatchId() + " ended without a results_url", true));
        }
        return http.get(URI.create(ended.outcomesAt())).thenApply(answer -> {
            List<RequestOutcome> outcomes = new ArrayList<>();
            for (String line : answer.body().split("\n")) {
                if (!line.isBlank()) {
                    outcomes.add(outcomeOf(read(line)));
                }
            }
            return outcomes;
        });
    }

    private RequestOutcome outcomeOf(JsonNode line) {
        String customId = line.path("custom_id").asText();
        JsonNode result = line.path("result");
        return switch (result.path("type").asText("")) {
            case "succeeded" -> {
                try {
                    yield RequestOutcome.answered(customId, bodies.response(result.path("message"), Duration.ZERO));
                } catch (ModelCallException e) {
                    yield RequestOutcome.failed(customId, e);
                }
            }
            case "errored" -> {
                JsonNode error = result.path("error");
                int status = STATUS_OF_ERROR_TYPE.getOrDefault(error.path("error").path("type").asText(""), 500);
                yield RequestOutcome.failed(customId, http.classify(status, error.toString()));
            }
            case "canceled" -> RequestOutcome.cancelled(customId);
            case "expired" -> RequestOutcome.expired(customId);
            default -> RequestOutcome.failed(customId, new ModelCallException(ResultErrorCodes.PROVIDER_ERROR,
                    "unknown result type '" + result.path("type").asText("") + "' in the message batch", true));
        };
    }

    @Override
    public CompletionStage<Void> cancel(String providerBatchId) {
        return http.postJson(BATCHES + "/" + providerBatchId + "/cancel", "{}").thenApply(answer -> null);
    }

    @Override
    public CompletionStage<Optional<String>> find(String taskfleetId, int requestCount, Instant from, Instant to) {
        return page(requestCount, from, to, null, 0);
    }

    /** Newest first, page by page, until a candidate turns up or the pages reach back before {@code from}. */
    private CompletionStage<Optional<String>> page(int requestCount, Instant from, Instant to, String afterId,
            int pagesRead) {
        String query = BATCHES + "?limit=100" + (afterId == null ? "" : "&after_id=" + afterId);
        return http.get(query).thenCompose(answer -> {
            JsonNode page = read(answer.body());
            Instant oldest = Instant.MAX;
            // The list is newest first: the last candidate seen is the earliest one in the window.
            Optional<String> candidate = Optional.empty();
            for (JsonNode batch : page.path("data")) {
                Instant created = instant(batch.path("created_at")).orElse(Instant.MAX);
                oldest = created.isBefore(oldest) ? created : oldest;
                if (!created.isBefore(from) && !created.isAfter(to) && total(batch.path("request_counts")) == requestCount) {
                    candidate = Optional.of(batch.path("id").asText());
                }
            }
            if (candidate.isPresent()) {
                return CompletableFuture.completedFuture(candidate);
            }
            boolean more = page.path("has_more").asBoolean(false) && !oldest.isBefore(from)
                    && pagesRead + 1 < MAX_FIND_PAGES;
            return more ? page(requestCount, from, to, page.path("last_id").asText(), pagesRead + 1)
                    : CompletableFuture.completedFuture(Optional.<String>empty());
        });
    }

    private static long total(JsonNode counts) {
        return counts.path("processing").asLong(0) + counts.path("succeeded").asLong(0)
                + counts.path("errored").asLong(0) + counts.path("canceled").asLong(0) + counts.path("expired").asLong(0);
    }

    @Override
    public boolean findsForCertain() {
        return false;
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ModelCallException(ResultErrorCodes.PROVIDER_ERROR, "the batch API's answer is not JSON", true);
        }
    }

    private static Optional<Instant> instant(JsonNode text) {
        if (!text.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.asText()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
