package dev.taskfleet.launcher.client;

import dev.taskfleet.api.ApiJson;
import dev.taskfleet.api.BatchApi;
import dev.taskfleet.api.BatchPage;
import dev.taskfleet.api.BatchReceipt;
import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.api.CancelReceipt;
import dev.taskfleet.api.RetryReceipt;
import dev.taskfleet.api.RetryRequest;
import dev.taskfleet.contract.Deadlines;
import dev.taskfleet.contract.Priority;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The producer's REST API v1 ({@code /api/v1/batches}) as typed calls: submit, status, list,
 * results, progress events, retry and cancel, each one of {@link BatchApi#OPERATIONS} and answering
 * with the API's own records. {@code Authorization: Bearer <key>} goes with every call when a key
 * is given.
 *
 * <p>Errors: a call without any HTTP answer throws {@link ServerUnreachableException}; an error
 * answer throws {@link ApiException} carrying the problem, except {@code submit*}, which returns
 * every answer as a {@link SubmitResponse} so callers can also read the rejected lines of a 400.
 * Thread-safe.
 */
public final class BatchClient {

    private final ApiTransport transport;

    /** A client without a key, for a producer with {@code taskfleet.auth.enabled=false}. */
    public BatchClient(URI producer) {
        this(producer, null);
    }

    /**
     * @param producer the producer's base URL, e.g. {@code http://localhost:8080} or
     *                 {@code https://host/taskfleet}; its path is kept, a query or fragment is ignored
     * @param apiKey   the bearer key, or {@code null} to send none
     */
    public BatchClient(URI producer, String apiKey) {
        this.transport = new ApiTransport(producer, apiKey);
    }

    /** Submits JSONL as one batch, streaming it; the stream is read to its end but not closed. */
    public SubmitResponse submitJsonl(InputStream body) {
        return submit(body, BatchApi.NDJSON);
    }

    /** Submits a JSONL file as one batch, streaming it. */
    public SubmitResponse submitJsonl(Path file) {
        try {
            return submit(HttpRequest.BodyPublishers.ofFile(file), BatchApi.NDJSON);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Submits a body of {@link BatchApi#NDJSON} or {@link BatchApi#JSON} as one batch, streaming it;
     * the stream is read to its end but not closed.
     */
    public SubmitResponse submit(InputStream body, String mediaType) {
        return submit(body, mediaType, null);
    }

    /**
     * As {@link #submit(InputStream, String)}, saying how long the team is willing to wait for every
     * task that names no deadline of its own ({@code ?deadline=}, e.g. {@code 24h}; {@code null}: none).
     */
    public SubmitResponse submit(InputStream body, String mediaType, String deadline) {
        return submit(body, mediaType, deadline, null);
    }

    /**
     * As {@link #submit(InputStream, String, String)}, also naming the priority class of every task
     * that names none of its own ({@code ?priority=}: {@code interactive}, {@code standard} or
     * {@code bulk}; {@code null}: none).
     */
    public SubmitResponse submit(InputStream body, String mediaType, String deadline, String priority) {
        return submit(new InputStreamBody(body), mediaType, deadline, priority);
    }

    private SubmitResponse submit(HttpRequest.BodyPublisher body, String mediaType) {
        return submit(body, mediaType, null, null);
    }

    private SubmitResponse submit(HttpRequest.BodyPublisher body, String mediaType, String deadline, String priority) {
        StringBuilder parameters = new StringBuilder();
        if (deadline != null) {
            parameters.append('&').append(Deadlines.FIELD).append('=').append(encode(deadline));
        }
        if (priority != null) {
            parameters.append('&').append(Priority.FIELD).append('=').append(encode(priority));
        }
        String query = parameters.isEmpty() ? "" : "?" + parameters.substring(1);
        HttpResponse<String> response = transport.upload(BatchApi.SUBMIT, query, body, mediaType);
        if (response.statusCode() == BatchApi.SUBMIT.status()) {
            return new SubmitResponse(response.statusCode(), transport.decode(response, BatchReceipt.class), null);
        }
        return new SubmitResponse(response.statusCode(), null, ApiTransport.problem(response.statusCode(), response.body()));
    }

    /** A batch's status. */
    public BatchStatus status(String batchId) {
        return transport.call(BatchApi.STATUS, BatchApi.STATUS.pathOf(batchId), null);
    }

    /** One page of the caller's batches, newest first; {@code cursor} is a page's {@code nextCursor}, or {@code null}. */
    public BatchPage list(int limit, String cursor) {
        String query = "?limit=" + limit + (cursor == null ? "" : "&cursor=" + encode(cursor));
        return transport.call(BatchApi.LIST, BatchApi.LIST.path() + query, null);
    }

    /**
     * Streams the batch's results (one final result per line, as NDJSON) to {@code lines} as they
     * arrive, never holding the whole answer.
     *
     * @param status {@code succeeded}, {@code failed}, {@code cancelled}, or {@code null} for all
     * @return how many lines were passed on
     */
    public long results(String batchId, String status, Consumer<String> lines) {
        String query = status == null ? "" : "?status=" + encode(status);
        return transport.lines(BatchApi.RESULTS, BatchApi.RESULTS.pathOf(batchId) + query, lines);
    }

    /**
     * Follows the batch's progress stream, passing each progress status on, until the done event
     * or the end of the stream.
     *
     * @return whether the stream said done
     */
    public boolean events(String batchId, Consumer<BatchStatus> progress) {
        return transport.events(BatchApi.EVENTS, BatchApi.EVENTS.pathOf(batchId), (event, data) -> {
            if (event.equals(BatchApi.DONE_EVENT)) {
                return false;
            }
            if (event.equals(BatchApi.PROGRESS_EVENT)) {
                progress.accept(ApiJson.mapper().readValue(data, BatchApi.EVENTS.response()));
            }
            return true;
        });
    }

    /** Re-runs the failed tasks of a finished batch, on {@code tier} when not {@code null}. */
    public RetryReceipt retry(String batchId, String tier) {
        return transport.call(BatchApi.RETRY, BatchApi.RETRY.pathOf(batchId), new RetryRequest(tier));
    }

    /** Cancels a batch. */
    public CancelReceipt cancel(String batchId) {
        return transport.call(BatchApi.CANCEL, BatchApi.CANCEL.pathOf(batchId), null);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
