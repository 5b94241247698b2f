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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * OpenAI's Files and Batch APIs as the {@link ScriptedModelServer} plays them, with the real
 * shapes: {@code POST /v1/files} (multipart, {@code purpose=batch}) stores a JSONL file;
 * {@code POST /v1/batches} creates a batch of its chat-completions lines (429 when
 * {@link #refuseCreates refused}); {@code GET /v1/batches/{id}} moves it through
 * {@code validating}, {@code in_progress}, {@code finalizing} to {@code completed} (or
 * {@code expired} when a request was scripted to expire, {@code cancelled} after
 * {@code POST /v1/batches/{id}/cancel}, answered {@code cancelling}), then names its output file
 * (answered requests) and error file (failed requests with their status and error body,
 * {@code batch_expired} and {@code batch_cancelled} lines); {@code GET /v1/files/{id}/content}
 * returns a file; {@code GET /v1/batches?limit=&after=} lists batches newest first with their metadata.
 *
 * <pre>{@code
 * OpenAiBatches batches = OpenAiBatches.on(server);
 * batches.whenPromptContains("flaky", BatchAnswer.error(500, "boom"), BatchAnswer.ok("fine", 10, 5));
 * // configure the client with OpenAiChat.baseUrl(server); assert batches.timesSubmitted(prompt) == 1
 * }</pre>
 */
public final class OpenAiBatches extends ScriptedBatches {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] STATUS = {"validating", "in_progress", "finalizing"};
    private static final int IN_PROGRESS = 1;
    private static final int ENDED = 3;

    private final Map<String, String> files = new ConcurrentHashMap<>();
    private final Map<String, String[]> outputFiles = new ConcurrentHashMap<>();
    private final AtomicInteger fileIds = new AtomicInteger();
    private final AtomicInteger uploadsToDrop = new AtomicInteger();
    private final Route filesRoute;
    private final Route batchesRoute;

    private OpenAiBatches(ScriptedModelServer server) {
        filesRoute = server.route(Endpoint.under(OpenAiChat.BASE_PATH + "/files", UnaryOperator.identity(),
                Reply.json(404, "{}"))).otherwise(this::files);
        batchesRoute = server.route(Endpoint.under(OpenAiChat.BASE_PATH + "/batches", UnaryOperator.identity(),
                Reply.json(404, "{}"))).otherwise(this::batches);
    }

    /** The Files and Batch APIs on {@code server}, below {@link OpenAiChat#baseUrl}. */
    public static OpenAiBatches on(ScriptedModelServer server) {
        return new OpenAiBatches(server);
    }

    /** The next {@code uploads} file uploads are read and dropped with the connection, unanswered and not stored. */
    public void dropUploads(int uploads) {
        uploadsToDrop.set(uploads);
    }

    /** The routes, for requirements ({@link Route#refuseUnless}) and recorded requests. */
    public List<Route> routes() {
        return List.of(filesRoute, batchesRoute);
    }

    private Reply files(RecordedRequest request) {
        String path = request.path();
        if (request.method().equals("POST") && path.endsWith("/files")) {
            if (uploadsToDrop.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                return Reply.dropConnection();
            }
            String content = Multipart.part(request, "file");
            String id = "file-" + fileIds.incrementAndGet();
            files.put(id, content);
            ObjectNode file = JSON.createObjectNode().put("id", id).put("object", "file")
                    .put("bytes", content.length()).put("created_at", System.currentTimeMillis() / 1000)
                    .put("filename", "batch.jsonl").put("purpose", "batch");
            return Reply.json(200, file.toString());
        }
        if (request.method().equals("GET") && path.endsWith("/content")) {
            String id = path.substring(path.indexOf("/files/") + "/files/".length(), path.lastIndexOf('/'));
            String content = files.get(id);
            if (content == null) {
                return OpenAiChat.error(404, "No such File object: " + id);
            }
            String[] owner = outputFiles.get(id);
            if (owner != null) {
                readResults(owner[0]);
            }
            return Reply.json(200, content);
        }
        return OpenAiChat.error(404, "no such files route: " + request.method() + " " + path);
    }

    private Reply batches(RecordedRequest request) {
        String tail = request.path().substring((OpenAiChat.BASE_PATH + "/batches").length());
        if (tail.isEmpty()) {
            return request.method().equals("POST") ? create(request) : list(request);
        }
        String[] parts = tail.substring(1).split("/");
        Batch batch = batch(parts[0]);
        if (batch == null) {
            return OpenAiChat.error(404, "No batch found with id '" + parts[0] + "'");
        }
        if (parts.length > 1 && parts[1].equals("cancel") && request.method().equals("POST")) {
            return Reply.json(200, json(batch, cancel(batch, ENDED) ? "cancelling" : null).toString());
        }
        advance(batch, IN_PROGRESS, ENDED);
        return Reply.json(200, json(batch, null).toString());
    }

    private Reply create(RecordedRequest request) {
        JsonNode body = read(request.body());
        String input = files.get(body.path("input_file_id").asText());
        if (input == null) {
            return OpenAiChat.error(400, "input_file_id " + body.path("input_file_id").asText() + " not found");
        }
        Map<String, String> prompts = new LinkedHashMap<>();
        for (String line : input.split("\n")) {
            if (!line.isBlank()) {
                JsonNode entry = read(line);
                prompts.put(entry.path("custom_id").asText(), OpenAiChat.prompt(entry.path("body").toString()));
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        body.path("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
        Batch batch = create("batch_", prompts, metadata);
        if (batch == null) {
            return OpenAiChat.rateLimited(refusalRetryAfter());
        }
        return Reply.json(200, json(batch, null).toString());
    }

    private Reply list(RecordedRequest request) {
        int limit = Integer.parseInt(Objects.requireNonNullElse(request.queryParameter("limit"), "20"));
        String after = request.queryParameter("after");
        List<Batch> all = newestFirst();
        int from = 0;
        if (after != null) {
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).id.equals(after)) {
                    from = i + 1;
                }
            }
        }
        List<Batch> page = all.subList(Math.min(from, all.size()), Math.min(from + limit, all.size()));
        ObjectNode list = JSON.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        page.forEach(batch -> data.add(json(batch, null)));
        list.put("first_id", page.isEmpty() ? null : page.get(0).id);
        list.put("last_id", page.isEmpty() ? null : page.get(page.size() - 1).id);
        list.put("has_more", from + limit < all.size());
        return Reply.json(200, list.toString());
    }

    /** The batch object; {@code status} overrides the one its step gives. */
    private synchronized ObjectNode json(Batch batch, String status) {
        String now = status != null ? status : batch.step < ENDED ? STATUS[batch.step]
                : batch.cancelled ? "cancelled" : batch.anyExpired() ? "expired" : "completed";
        ObjectNode json = JSON.createObjectNode();
        json.put("id", batch.id).put("object", "batch").put("endpoint", "/v1/chat/completions").putNull("errors");
        json.put("input_file_id", "file-input").put("completion_window", "24h").put("status", now);
        long created = batch.createdAt.getEpochSecond();
        json.put("created_at", created).put("expires_at", created + 86_400);
        if (batch.step >= ENDED) {
            String[] out = outputs(batch);
            json.put("output_file_id", out[1]);
            json.put("error_file_id", out[2]);
        }
        long failed = batch.step >= ENDED ? batch.requests.stream()
                .filter(r -> batch.cancelled || r.answer().kind() != BatchAnswer.Kind.ANSWERED).count() : 0;
        json.putObject("request_counts").put("total", batch.requests.size())
                .put("completed", batch.step >= ENDED ? batch.requests.size() - failed : 0).put("failed", failed);
        ObjectNode metadata = json.putObject("metadata");
        batch.metadata.forEach(metadata::put);
        return json;
    }

    /** The output and error files of an ended batch, made on first use: {@code [batch id, output id, error id]}. */
    private String[] outputs(Batch batch) {
        return outputFiles.values().stream().filter(o -> o[0].equals(batch.id)).findFirst().orElseGet(() -> {
            StringBuilder output = new StringBuilder();
            StringBuilder errors = new StringBuilder();
            int n = 0;
            for (Request r : batch.requests) {
                ObjectNode line = JSON.createObjectNode().put("id", "batch_req_" + batch.id + "_" + n++)
                        .put("custom_id", r.customId());
                BatchAnswer answer = r.answer();
                if (batch.cancelled) {
                    line.putNull("response");
                    line.putObject("error").put("code", "batch_cancelled")
                            .put("message", "This request was not executed because the batch was cancelled.");
                    errors.append(line).append('\n');
                } else if (answer.kind() == BatchAnswer.Kind.EXPIRED) {
                    line.putNull("response");
                    line.putObject("error").put("code", "batch_expired")
                            .put("message", "This request could not be executed before the completion window expired.");
                    errors.append(line).append('\n');
                } else {
                    Reply reply = answer.kind() == BatchAnswer.Kind.ANSWERED
                            ? OpenAiChat.ok(answer.text(), answer.inputTokens(), answer.outputTokens())
                            : OpenAiChat.error(answer.status(), answer.message());
                    ObjectNode response = line.putObject("response");
                    response.put("status_code", reply.status()).put("request_id", "req_" + n);
                    response.set("body", read(reply.body()));
                    line.putNull("error");
                    (reply.status() == 200 ? output : errors).append(line).append('\n');
                }
            }
            String[] ids = {batch.id, store(output), store(errors)};
            outputFiles.put(ids[1] == null ? "none-" + batch.id : ids[1], ids);
            if (ids[2] != null) {
                outputFiles.put(ids[2], ids);
            }
            return ids;
        });
    }

    private String store(StringBuilder content) {
        if (content.isEmpty()) {
            return null;
        }
        String id = "file-" + fileIds.incrementAndGet();
        files.put(id, content.toString());
        return id;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }
}
