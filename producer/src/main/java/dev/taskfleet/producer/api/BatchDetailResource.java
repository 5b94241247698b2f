package dev.taskfleet.producer.api;

import dev.taskfleet.api.BatchApi;
import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.api.CompletionTimeline;
import dev.taskfleet.api.SubmittedTask;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ResultSummary;
import dev.taskfleet.contract.ResultSummaryCodec;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.producer.auth.Caller;
import dev.taskfleet.producer.broker.KafkaSettings;
import dev.taskfleet.producer.config.FleetConfig;
import dev.taskfleet.producer.publish.TaskPublisher;
import dev.taskfleet.producer.timeline.TimelineBuilder;
import dev.taskfleet.producer.tracking.BatchTracking;
import dev.taskfleet.producer.tracking.RecordScanner;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A closer look at one batch, for the web view and anyone else: one task as it was submitted (its
 * prompt is on the tasks topic only, results do not repeat it), and the batch's completions over
 * time per tier. Both read Kafka on each call, never memory: the tracker keeps no prompts.
 */
@Path(BatchApi.BATCHES)
@Tag(name = "batches")
@SecurityRequirement(name = BatchResource.SECURITY_SCHEME)
@APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
@APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
@APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
public class BatchDetailResource {

    private final BatchAccess access;
    private final BatchTracking tracking;
    private final Caller caller;
    private final RecordScanner scanner;
    private final TaskPublisher publisher;
    private final TopicNames topics;
    private final List<String> tierOrder;
    private final Duration scanMargin;

    @Inject
    public BatchDetailResource(BatchAccess access, BatchTracking tracking, Caller caller, KafkaSettings settings,
                               FleetConfig config, TaskPublisher publisher) {
        this.access = access;
        this.publisher = publisher;
        this.tracking = tracking;
        this.caller = caller;
        this.scanner = new RecordScanner(settings.reader("taskfleet-producer-detail"), Duration.ofSeconds(30));
        this.topics = new TopicNames(config.topicPrefix());
        this.tierOrder = List.copyOf(config.tierOrder());
        this.scanMargin = config.producer().retryScanMargin();
    }

    @GET
    @Path(BatchApi.ID + "/tasks/" + BatchApi.TASK_ID)
    @Blocking
    @Produces(BatchApi.JSON)
    @Operation(summary = "One task as it was submitted: type, prompt, tier hint, labels")
    @APIResponse(responseCode = "200", description = "The task's first run as published on the tasks topic")
    public SubmittedTask task(@PathParam("id") String batchId, @PathParam("taskId") String taskId) throws Exception {
        access.requireCaughtUp();
        BatchStatus batch = access.visible(batchId, caller.team());
        byte[] key = taskId.getBytes(StandardCharsets.UTF_8);
        Task[] found = new Task[1];
        // The tasks were published before the batch's ACCEPTED event; the retry's margin covers the
        // longest upload, so the same window finds every task of the batch.
        Instant accepted = batch.acceptedAt() != null ? batch.acceptedAt()
                : batch.firstResultAt() != null ? batch.firstResultAt() : Instant.EPOCH.plus(scanMargin);
        scanner.scanFrom(publisher.topicsOf(batch.team()), accepted.minus(scanMargin), record -> {
            if (Arrays.equals(key, record.key())) {
                Task task = EventCodec.decodeTask(record.value());
                // Task ids are unique within a batch only. On one topic a task's first record is its
                // first run, but its runs may be on several (lanes switched between them), read in no
                // set order: the lowest run is the first.
                if (batchId.equals(task.batchId()) && (found[0] == null || task.run() < found[0].run())) {
                    found[0] = task;
                }
            }
        });
        Task task = found[0];
        if (task == null) {
            throw new ProblemException(Problems.of("task-not-found", "Task not found", Response.Status.NOT_FOUND,
                    "batch '" + batchId + "' has no task '" + taskId + "' on the tasks topic or its team's inbox lanes (it may have expired)")
                    .withBatch(batchId, null));
        }
        return new SubmittedTask(batchId, task.id(), task.type(), task.prompt(), task.tierHint(), task.labels(),
                task.createdAt());
    }

    @GET
    @Path(BatchApi.ID + "/timeline")
    @Blocking
    @Produces(BatchApi.JSON)
    @Operation(summary = "Finished tasks per time interval and tier (at most 120 intervals), from the final results")
    @APIResponse(responseCode = "410", ref = ApiDocument.RESULTS_EXPIRED)
    @APIResponse(responseCode = "200", description = "The batch's completions over time")
    public CompletionTimeline timeline(@PathParam("id") String batchId) throws Exception {
        access.requireCaughtUp();
        access.visible(batchId, caller.team());
        TimelineBuilder timeline = new TimelineBuilder(tierOrder);
        scanner.scanSelected(topics.results(), tracking.ledger().finalResultOffsets(batchId, null), record -> {
            // Two fields of each result: read as a summary, its answer skipped unread.
            ResultSummary result = ResultSummaryCodec.decode(record.value());
            timeline.add(result.tier(), result.finishedAt());
        });
        return timeline.build(batchId);
    }
}
