package dev.taskfleet.producer.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskfleet.api.BatchApi;
import dev.taskfleet.api.BatchPage;
import dev.taskfleet.api.BatchState;
import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.producer.auth.Caller;
import dev.taskfleet.producer.broker.KafkaSettings;
import dev.taskfleet.producer.config.FleetConfig;
import dev.taskfleet.producer.progress.BatchCursor;
import dev.taskfleet.producer.progress.ProgressFeed;
import dev.taskfleet.producer.tracking.BatchTracking;
import dev.taskfleet.producer.tracking.RecordScanner;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Reading batches: list, status, results (NDJSON streamed from the results topic) and live
 * progress (server-sent events). Answers come from this replica's tracker, which every replica
 * builds from the same topics.
 */
@Path(BatchApi.BATCHES)
@Tag(name = "batches")
@SecurityRequirement(name = BatchResource.SECURITY_SCHEME)
@APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
@APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
public class BatchQueryResource {

    private static final int MAX_PAGE = 100;
    private static final Duration TICK = Duration.ofMillis(250);
    // A sentinel "tick" that stops the event stream on the tick after its last event.
    private static final List<ProgressFeed.Event> END = List.of();

    private final BatchAccess access;
    private final BatchTracking tracking;
    private final Caller caller;
    private final RecordScanner scanner;
    private final String resultsTopic;
    private final Duration heartbeat;
    private final ObjectMapper json;

    @Inject
    public BatchQueryResource(BatchAccess access, BatchTracking tracking, Caller caller, KafkaSettings settings,
                              FleetConfig config, ObjectMapper json) {
        this.access = access;
        this.tracking = tracking;
        this.caller = caller;
        this.scanner = new RecordScanner(settings.reader("taskfleet-producer-results"), Duration.ofSeconds(30));
        this.resultsTopic = new TopicNames(config.topicPrefix()).results();
        this.heartbeat = config.producer().eventsHeartbeat();
        this.json = json;
    }

    @GET
    @Blocking
    @Produces(BatchApi.JSON)
    @Operation(summary = "List the caller's batches, newest first")
    @APIResponse(responseCode = "200", description = "A page of batches and the cursor of the next page (null on the last)")
    @APIResponse(responseCode = "400", ref = ApiDocument.INVALID_REQUEST)
    public BatchPage list(@QueryParam("limit") @DefaultValue("20") @Parameter(description = "1-100") int limit,
                          @QueryParam("cursor") @Parameter(description = "nextCursor of the previous page") String cursor,
                          @QueryParam("state") @Parameter(description = "running, completed, cancelled or budget_exceeded; all when absent")
                          String state) {
        BatchState only = stateFilter(state);
        if (limit < 1 || limit > MAX_PAGE) {
            throw ProblemException.badRequest("limit", "limit must be between 1 and " + MAX_PAGE + ", was " + limit);
        }
        BatchCursor after;
        try {
            after = cursor == null || cursor.isBlank() ? null : BatchCursor.decode(cursor);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("cursor", e.getMessage());
        }
        access.requireCaughtUp();
        return tracking.ledger().page(caller.team(), only, limit, after);
    }

    @GET
    @Path("{id}")
    @Blocking
    @Produces(BatchApi.JSON)
    @Operation(summary = "A batch's progress: counts by status and tier, tokens, cost, throughput, ETA")
    @APIResponse(responseCode = "200", description = "The batch's status")
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public BatchStatus status(@PathParam("id") String batchId) {
        access.requireCaughtUp();
        return access.visible(batchId, caller.team());
    }

    @GET
    @Path("{id}/results")
    @Blocking
    @Produces(BatchApi.NDJSON)
    @Operation(summary = "The final result of each task's newest run, one JSON object per line, de-duplicated")
    @APIResponse(responseCode = "410", ref = ApiDocument.RESULTS_EXPIRED)
    @APIResponse(responseCode = "200", description = "NDJSON stream of TaskResult events (docs/EVENTS.md)",
            content = @Content(mediaType = BatchApi.NDJSON))
    @APIResponse(responseCode = "400", ref = ApiDocument.INVALID_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Response results(@PathParam("id") String batchId,
                            @QueryParam("status") @Parameter(description = "succeeded, failed, cancelled or budget_exceeded") String status,
                            @QueryParam("task") @Parameter(description = "only this task's result") String taskId) {
        ResultStatus only = statusFilter(status);
        access.requireCaughtUp();
        access.visible(batchId, caller.team());
        Map<Integer, long[]> offsets = tracking.ledger().finalResultOffsets(batchId, only);
        byte[] key = taskId == null || taskId.isEmpty() ? null : taskId.getBytes(StandardCharsets.UTF_8);
        StreamingOutput body = out -> {
            try {
                scanner.scanSelected(resultsTopic, offsets, record -> {
                    // Results are keyed by task id: one task's result is found without decoding the others.
                    if (key == null || Arrays.equals(key, record.key())) {
                        out.write(record.value());
                        out.write('\n');
                    }
                });
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("reading the results of batch " + batchId + " failed: " + e.getMessage(), e);
            }
        };
        return Response.ok(body, BatchApi.NDJSON).build();
    }

    @GET
    @Path("{id}/events")
    @Produces(BatchApi.EVENT_STREAM)
    @Operation(summary = "Live progress: a 'progress' event (BatchStatus JSON) on change and at least every second, "
            + "then a 'done' event once the batch is completed, or cancelled or stopped at its budget with every task's "
            + "final result in")
    @APIResponse(responseCode = "200", description = "Server-sent events; each event's data is a BatchStatus",
            content = @Content(mediaType = BatchApi.EVENT_STREAM, schema = @Schema(implementation = BatchStatus.class)))
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Multi<OutboundSseEvent> events(@PathParam("id") String batchId, @Context Sse sse) {
        access.requireCaughtUpNow();
        access.visible(batchId, caller.team());
        ProgressFeed feed = new ProgressFeed(heartbeat);
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(TICK)
                .onOverflow().drop()
                .map(tick -> feed.finished() ? END : feed.tick(tracking.ledger().status(batchId), System.nanoTime()))
                .select().first(events -> events != END)
                .onItem().transformToIterable(events -> events)
                .map(event -> sse.newEventBuilder().name(event.name()).mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(encode(event.status())).build());
    }

    private String encode(BatchStatus status) {
        try {
            return json.writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BatchState stateFilter(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return BatchState.valueOf(state.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("state", "state '" + state + "' is not one of running, completed, cancelled, budget_exceeded");
        }
    }

    private static ResultStatus statusFilter(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return ResultStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("status", "status '" + status + "' is not one of succeeded, failed, cancelled, budget_exceeded");
        }
    }
}
