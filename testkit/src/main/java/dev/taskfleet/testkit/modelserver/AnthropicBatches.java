package dev.taskfleet.testkit.modelserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Anthropic's Message Batches API as the {@link ScriptedModelServer} plays it, with the real
 * shapes: {@code POST /v1/messages/batches} takes {@code {requests: [{custom_id, params}]}} (429
 * when {@link #refuseCreates refused}); {@code GET /v1/messages/batches/{id}} reports
 * {@code processing_status} {@code in_progress}, then {@code ended} with its {@code request_counts}
 * and {@code results_url}; {@code POST .../{id}/cancel} answers {@code canceling}; the results are
 * JSONL, one line per {@code custom_id}: {@code succeeded} (a {@code message}), {@code errored}
 * (an {@code error} response), {@code canceled} or {@code expired};
 * {@code GET /v1/messages/batches?limit=&after_id=} lists batches newest first.
 *
 * <pre>{@code
 * AnthropicBatches batches = AnthropicBatches.on(server);
 * // configure the client with AnthropicMessages.baseUrl(server)
 * }</pre>
 */
public final class AnthropicBatches extends ScriptedBatches {

    /** Where the API is. */
    public static final String PATH = "/v1/messages/batches";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IN_PROGRESS = 1;
    private static final int ENDED = 2;

    private final ScriptedModelServer server;
    private final Route route;

    private AnthropicBatches(ScriptedModelServer server) {
        this.server = server;
        this.route = server.route(Endpoint.under(PATH, UnaryOperator.identity(), Reply.json(404, "{}")))
                .otherwise(this::handle);
    }

    /** The Message Batches API on {@code server}, below {@link AnthropicMessages#baseUrl}. */
    public static AnthropicBatches on(ScriptedModelServer server) {
        return new AnthropicBatches(server);
    }

    /** The route, for requirements ({@link Route#refuseUnless}) and recorded requests. */
    public Route route() {
        return route;
    }

    private Reply handle(RecordedRequest request) {
        String tail = request.path().substring(PATH.length());
        if (tail.isEmpty()) {
            return request.method().equals("POST") ? create(request) : list(request);
        }
        String[] parts = tail.substring(1).split("/");
        Batch batch = batch(parts[0]);
        if (batch == null) {
            return AnthropicMessages.error(404, "message batch " + parts[0] + " not found");
        }
        if (parts.length > 1 && parts[1].equals("cancel") && request.method().equals("POST")) {
            boolean canceling = cancel(batch, ENDED);
            return Reply.json(200, json(batch, canceling ? "canceling" : null).toString());
        }
        if (parts.length > 1 && parts[1].equals("results")) {
            return results(batch);
        }
        advance(batch, IN_PROGRESS, ENDED);
        return Reply.json(200, json(batch, null).toString());
    }

    private Reply create(RecordedRequest request) {
        JsonNode body = read(request.body());
        Map<String, String> prompts = new LinkedHashMap<>();
        for (JsonNode entry : body.path("requests")) {
            prompts.put(entry.path("custom_id").asText(), AnthropicMessages.prompt(entry.path("params")));
        }
        Batch batch = create("msgbatch_", prompts, Map.of());
        if (batch == null) {
            return AnthropicMessages.rateLimited(refusalRetryAfter());
        }
        return Reply.json(200, json(batch, null).toString());
    }

    private Reply results(Batch batch) {
        synchronized (this) {
            if (batch.step < ENDED) {
                return AnthropicMessages.error(400, "message batch " + batch.id + " has not ended yet");
            }
        }
        readResults(batch.id);
        StringBuilder lines = new StringBuilder();
        for (Request r : batch.requests) {
            ObjectNode line = JSON.createObjectNode().put("custom_id", r.customId());
            ObjectNode result = line.putObject("result");
            BatchAnswer answer = r.answer();
            if (batch.cancelled) {
                result.put("type", "canceled");
            } else if (answer.kind() == BatchAnswer.Kind.EXPIRED) {
                result.put("type", "expired");
            } else if (answer.kind() == BatchAnswer.Kind.FAILED) {
                result.put("type", "errored").set("error", AnthropicMessages.errorBody(answer.status(), answer.message()));
            } else {
                result.put("type", "succeeded").set("message", AnthropicMessages.message(answer.text(),
                        answer.inputTokens(), answer.outputTokens(), "end_turn"));
            }
            lines.append(line).append('\n');
        }
        return Reply.json(200, lines.toString());
    }

    private Reply list(RecordedRequest request) {
        int limit = Integer.parseInt(Objects.requireNonNullElse(request.queryParameter("limit"), "20"));
        String after = request.queryParameter("after_id");
        List<Batch> all = newestFirst();
        int from = 0;
        for (int i = 0; after != null && i < all.size(); i++) {
            if (all.get(i).id.equals(after)) {
                from = i + 1;
            }
        }
        List<Batch> page = all.subList(Math.min(from, all.size()), Math.min(from + limit, all.size()));
        ObjectNode list = JSON.createObjectNode();
        ArrayNode data = list.putArray("data");
        page.forEach(batch -> data.add(json(batch, null)));
        list.put("has_more", from + limit < all.size());
        list.put("first_id", page.isEmpty() ? null : page.get(0).id);
        list.put("last_id", page.isEmpty() ? null : page.get(page.size() - 1).id);
        return Reply.json(200, list.toString());
    }

    /** The message batch object; {@code status} overrides the one its step gives. */
    private synchronized ObjectNode json(Batch batch, String status) {
        boolean ended = batch.step >= ENDED;
        ObjectNode json = JSON.createObjectNode();
        json.put("id", batch.id).put("type", "message_batch")
                .put("processing_status", status != null ? status : ended ? "ended" : "in_progress");
        ObjectNode counts = json.putObject("request_counts");
        long expired = ended && !batch.cancelled ? count(batch, BatchAnswer.Kind.EXPIRED) : 0;
        long errored = ended && !batch.cancelled ? count(batch, BatchAnswer.Kind.FAILED) : 0;
        long canceled = ended && batch.cancelled ? batch.requests.size() : 0;
        long processing = ended ? 0 : batch.requests.size();
        counts.put("processing", processing).put("succeeded", batch.requests.size() - processing - expired - errored
                - canceled).put("errored", errored).put("canceled", canceled).put("expired", expired);
        json.put("created_at", batch.createdAt.toString());
        json.put("expires_at", batch.createdAt.plusSeconds(86_400).toString());
        json.put("ended_at", ended ? batch.createdAt.toString() : null);
        json.put("cancel_initiated_at", batch.cancelled ? batch.createdAt.toString() : null);
        json.putNull("archived_at");
        json.put("results_url", ended ? server.url(PATH + "/" + batch.id + "/results") : null);
        return json;
    }

    private static long count(Batch batch, BatchAnswer.Kind kind) {
        return batch.requests.stream().filter(r -> r.answer().kind() == kind).count();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }
}
