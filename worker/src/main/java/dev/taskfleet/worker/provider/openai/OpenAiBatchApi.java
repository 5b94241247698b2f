package dev.taskfleet.worker.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.worker.batch.BatchNotCreatedException;
import dev.taskfleet.worker.batch.BatchProgress;
import dev.taskfleet.worker.batch.BatchRequest;
import dev.taskfleet.worker.batch.ProviderBatchApi;
import dev.taskfleet.worker.batch.RequestOutcome;
import dev.taskfleet.worker.provider.ModelCallException;
import dev.taskfleet.worker.provider.ModelRequest;
import dev.taskfleet.worker.provider.http.HttpEndpoint;
import dev.taskfleet.worker.provider.http.ProviderHttp;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * OpenAI's Batch API: a provider batch is a JSONL file of chat-completions requests uploaded to
 * {@code POST {baseUrl}/files} ({@code purpose=batch}), then {@code POST {baseUrl}/batches} on
 * {@code /v1/chat/completions} with a 24-hour window and our id in its {@code metadata}
 * ({@value #METADATA_KEY}); {@code GET {baseUrl}/batches/{id}} follows it, and its output and
 * error files ({@code GET {baseUrl}/files/{id}/content}) hold the outcomes, one line per
 * {@code custom_id}. Because the metadata carries our id, {@link #find} lists the batches created
 * in a window and recognises ours for certain.
 *
 * <p>Failed requests are classified like single calls from the status and body the error file
 * gives; {@code batch_expired} lines are {@link RequestOutcome.Kind#EXPIRED},
 * {@code batch_cancelled} ones {@link RequestOutcome.Kind#CANCELLED}.
 */
public final class OpenAiBatchApi implements ProviderBatchApi {

    /** The metadata key holding taskfleet's id for the provider batch. */
    static final String METADATA_KEY = "taskfleet_batch";
    static final String ENDPOINT = "/v1/chat/completions";
    static final String WINDOW = "24h";
    private static final Set<String> ENDED = Set.of("completed", "expired", "cancelled", "failed");
    /** Pages of 100 batches looked through by {@link #find}, at most. */
    private static final int MAX_FIND_PAGES = 50;

    private final ProviderHttp http;
    private final OpenAiChatBodies bodies;
    private final ObjectMapper json;

    public OpenAiBatchApi(HttpClient client, HttpEndpoint endpoint, ObjectMapper json, Clock clock) {
        this.http = new ProviderHttp(client, endpoint, OpenAiChatProvider.authHeaders(endpoint), json, clock,
                System::nanoTime);
        this.bodies = new OpenAiChatBodies(json, endpoint);
        this.json = json;
    }

    @Override
    public CompletionStage<Submission> submit(String taskfleetId, List<BatchRequest> requests) {
        StringBuilder lines = new StringBuilder();
        for (BatchRequest request : requests) {
            ObjectNode line = json.createObjectNode();
            line.put("custom_id", request.customId());
            line.put("method", "POST");
            line.put("url", ENDPOINT);
            line.set("body", bodies.request(request.request()));
            lines.append(line).append('\n');
        }
        return upload("taskfleet-" + taskfleetId + ".jsonl", lines.toString()).handle((fileId, failure) -> {
            if (failure != null) {
                // Nothing can exist at the provider before the create call: a failed upload is sent again at once.
                throw new BatchNotCreatedException(asModelCallFailure(failure));
            }
            return fileId;
        }).thenCompose(fileId -> {
            ObjectNode create = json.createObjectNode();
            create.put("input_file_id", fileId);
            create.put("endpoint", ENDPOINT);
            create.put("completion_window", WINDOW);
            create.putObject("metadata").put(METADATA_KEY, taskfleetId);
            return http.postJson("batches", create.toString());
        }).thenApply(answer -> {
            JsonNode batch = read(answer.body());
            return new Submission(batch.path("id").asText(), batch.path("status").asText("validating"),
                    epoch(batch.path("expires_at")).orElse(null));
        });
    }

    private static ModelCallException asModelCallFailure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof ModelCallException classified ? classified
                : new ModelCallException(ResultErrorCodes.PROVIDER_ERROR, "uploading the batch file failed: " + cause,
                        true, cause);
    }

    /** {@code multipart/form-data} with {@code purpose=batch} and the file; completes with the file's id. */
    private CompletionStage<String> upload(String filename, String content) {
        String boundary = "taskfleet-" + UUID.randomUUID();
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n"
                + content + "\r\n"
                + "--" + boundary + "--\r\n";
        return http.post("files", "multipart/form-data; boundary=" + boundary,
                HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8)))
                .thenApply(answer -> read(answer.body()).path("id").asText());
    }

    @Override
    public CompletionStage<BatchProgress> progress(String providerBatchId) {
        return http.get("batches/" + providerBatchId).thenApply(answer -> progressOf(read(answer.body())));
    }

    private BatchProgress progressOf(JsonNode batch) {
        String status = batch.path("status").asText("");
        Optional<ModelCallException> failure = Optional.empty();
        if ("failed".equals(status)) {
            JsonNode first = batch.path("errors").path("data").path(0);
            String why = first.isMissingNode() ? "no reason given"
                    : first.path("code").asText("") + ": " + first.path("message").asText("")
                            + (first.path("line").canConvertToInt() ? " (line " + first.path("line").asInt() + ")" : "");
            failure = Optional.of(new ModelCallException(ResultErrorCodes.BAD_REQUEST,
                    "the provider refused the batch file: " + why, false));
        }
        return new BatchProgress(batch.path("id").asText(), status, ENDED.contains(status),
                epoch(batch.path("expires_at")).orElse(null), text(batch.path("output_file_id")),
                text(batch.path("error_file_id")), failure);
    }

    @Override
    public CompletionStage<List<RequestOutcome>> outcomes(BatchProgress ended, List<BatchRequest> requests) {
        Map<String, ModelRequest> byCustomId = requests.stream()
                .collect(Collectors.toMap(BatchRequest::customId, BatchRequest::request, (a, b) -> a));
        CompletionStage<List<RequestOutcome>> output = lines(ended.outcomesAt(), byCustomId);
        CompletionStage<List<RequestOutcome>> errors = lines(ended.errorsAt(), byCustomId);
        return output.thenCombine(errors, (answered, failed) -> {
            List<RequestOutcome> all = new ArrayList<>(answered);
            all.addAll(failed);
            return all;
        });
    }

    private CompletionStage<List<RequestOutcome>> lines(String fileId, Map<String, ModelRequest> requests) {
        if (fileId == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        return http.get("files/" + fileId + "/content").thenApply(answer -> {
            List<RequestOutcome> outcomes = new ArrayList<>();
            for (String line : answer.body().split("\n")) {
                if (!line.isBlank()) {
                    outcomes.add(outcomeOf(read(line), requests));
                }
            }
            return outcomes;
        });
    }

    private RequestOutcome outcomeOf(JsonNode line, Map<String, ModelRequest> requests) {
        String customId = line.path("custom_id").asText();
        JsonNode response = line.path("response");
        if (response.isObject()) {
            int status = response.path("status_code").asInt(0);
            JsonNode body = response.path("body");
            if (status / 100 == 2) {
                try {
                    return RequestOutcome.answered(customId, bodies.response(requests.get(customId), body, Duration.ZERO));
                } catch (ModelCallException e) {
                    return RequestOutcome.failed(customId, e);
                }
            }
            return RequestOutcome.failed(customId, http.classify(status, body.toString()));
        }
        JsonNode error = line.path("error");
        String code = error.path("code").asText("");
        String message = error.path("message").asText("");
        return switch (code) {
            case "batch_expired" -> RequestOutcome.expired(customId);
            case "batch_cancelled" -> RequestOutcome.cancelled(customId);
            case "request_timeout" -> RequestOutcome.failed(customId, new ModelCallException(ResultErrorCodes.TIMEOUT,
                    "the model call timed out in the provider batch: " + message, true));
            default -> RequestOutcome.failed(customId, new ModelCallException(ResultErrorCodes.PROVIDER_ERROR,
                    "the provider batch failed the request: " + code + " " + message, true));
        };
    }

    @Override
    public CompletionStage<Void> cancel(String providerBatchId) {
        return http.postJson("batches/" + providerBatchId + "/cancel", "{}").thenApply(answer -> null);
    }

    @Override
    public CompletionStage<Optional<String>> find(String taskfleetId, int requestCount, Instant from, Instant to) {
        return page(taskfleetId, from, null, 0);
    }

    /** Newest first, page by page, until ours is found or the pages reach back before {@code from}. */
    private CompletionStage<Optional<String>> page(String taskfleetId, Instant from, String after, int pagesRead) {
        String query = "batches?limit=100" + (after == null ? "" : "&after=" + after);
        return http.get(query).thenCompose(answer -> {
            JsonNode page = read(answer.body());
            Instant oldest = Instant.MAX;
            for (JsonNode batch : page.path("data")) {
                if (taskfleetId.equals(batch.path("metadata").path(METADATA_KEY).asText(null))) {
                    return CompletableFuture.completedFuture(Optional.of(batch.path("id").asText()));
                }
                Instant created = epoch(batch.path("created_at")).orElse(Instant.MAX);
                oldest = created.isBefore(oldest) ? created : oldest;
            }
            boolean more = page.path("has_more").asBoolean(false) && !oldest.isBefore(from)
                    && pagesRead + 1 < MAX_FIND_PAGES;
            return more ? page(taskfleetId, from, page.path("last_id").asText(), pagesRead + 1)
                    : CompletableFuture.completedFuture(Optional.<String>empty());
        });
    }

    @Override
    public boolean findsForCertain() {
        return true;
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ModelCallException(ResultErrorCodes.PROVIDER_ERROR, "the batch API's answer is not JSON", true);
        }
    }

    private static Optional<Instant> epoch(JsonNode seconds) {
        return seconds.canConvertToLong() ? Optional.of(Instant.ofEpochSecond(seconds.asLong())) : Optional.empty();
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
    }
}
