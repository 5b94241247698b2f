package dev.taskfleet.producer.api;

import dev.taskfleet.api.BatchApi;
import dev.taskfleet.api.BatchReceipt;
import dev.taskfleet.api.Problem;
import dev.taskfleet.api.RejectedTask;
import dev.taskfleet.contract.Deadlines;
import dev.taskfleet.contract.InvalidTaskException;
import dev.taskfleet.contract.Priority;
import dev.taskfleet.producer.auth.Caller;
import dev.taskfleet.producer.batch.BatchFormat;
import dev.taskfleet.producer.batch.BatchOutcome;
import dev.taskfleet.producer.batch.BatchTooLargeException;
import dev.taskfleet.producer.metrics.ProducerMetrics;
import dev.taskfleet.producer.metrics.ProducerMetrics.Outcome;
import dev.taskfleet.producer.submit.BatchSubmitter;
import dev.taskfleet.producer.submit.SubmissionResult;
import dev.taskfleet.producer.team.SpendBudget;
import dev.taskfleet.producer.team.TeamLimits;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/v1/batches}: takes a batch as NDJSON or JSON and answers once every valid
 * task is durable in Kafka.
 *
 * <p>The body arrives as an {@link InputStream} on a worker thread. Quarkus REST buffers only
 * the first {@code quarkus.rest.input-buffer-size} bytes (10 KiB by default) and then hands over
 * a stream that blocks on the network, so a batch is read as it arrives and never held whole.
 * The method accepts every content type so that a wrong one gets a problem reply naming the
 * right ones rather than the framework's bare 415.
 */
@Path(BatchApi.BATCHES)
@Tag(name = "batches", description = "Submit batches of tasks, follow them, fetch their results, retry and cancel them")
@SecurityScheme(securitySchemeName = BatchResource.SECURITY_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "Authorization: Bearer <api-key>; the key decides the caller's team")
@SecurityRequirement(name = BatchResource.SECURITY_SCHEME)
public class BatchResource {

    static final String SECURITY_SCHEME = "apiKey";
    private static final String ACCEPT_POST = "Accept-Post";

    private final BatchSubmitter submitter;
    private final ProducerMetrics metrics;
    private final Caller caller;
    private final BatchAccess access;

    @Inject
    public BatchResource(BatchSubmitter submitter, ProducerMetrics metrics, Caller caller, BatchAccess access) {
        this.submitter = submitter;
        this.metrics = metrics;
        this.caller = caller;
        this.access = access;
    }

    @POST
    @Blocking
    @Produces({BatchApi.JSON, BatchApi.PROBLEM_JSON})
    @Operation(summary = "Submit a batch as NDJSON (one task per line) or JSON ({\"tasks\": [...]}), streamed")
    @APIResponse(responseCode = "202", description = "Every accepted task is durable; refused tasks are listed",
            content = @Content(mediaType = BatchApi.JSON, schema = @Schema(implementation = BatchReceipt.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
    @APIResponse(responseCode = "413", ref = ApiDocument.TOO_LARGE)
    @APIResponse(responseCode = "415", ref = ApiDocument.UNSUPPORTED_MEDIA_TYPE)
    @APIResponse(responseCode = "429", ref = ApiDocument.TOO_MANY_IN_FLIGHT)
    @APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
    public Response submit(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
                           @QueryParam(Deadlines.FIELD) @Parameter(description = "How long the team is willing to wait"
                                   + " for every task that names no deadline of its own: 90m, 2h, 24h, 3d or PT24H;"
                                   + " the routing policy may send work that can wait to a cheaper batch tier")
                           String deadline,
                           @QueryParam(Priority.FIELD) @Parameter(description = "The priority class of every task that"
                                   + " names none of its own: interactive, standard or bulk (default standard). Within"
                                   + " the team's share a worker starts interactive work first, then standard, then"
                                   + " bulk; a class the team may not use refuses the batch")
                           String priority,
                           @RequestBody(description = "The tasks: one JSON object per line, or {\"tasks\": [...]}",
                                   content = {@Content(mediaType = BatchApi.NDJSON), @Content(mediaType = BatchApi.JSON)})
                           InputStream body) {
        Timer.Sample sample = metrics.startSubmission();
        Optional<BatchFormat> format = BatchFormat.forContentType(contentType);
        if (format.isEmpty()) {
            metrics.submissionEnded(sample, Outcome.UNSUPPORTED_MEDIA_TYPE);
            return unsupported(contentType);
        }
        Duration batchDeadline;
        try {
            batchDeadline = deadline == null ? null : Deadlines.parse(deadline, Deadlines.FIELD);
        } catch (InvalidTaskException e) {
            metrics.submissionEnded(sample, Outcome.INVALID);
            throw ProblemException.badRequest(Deadlines.FIELD, "query parameter '" + Deadlines.FIELD + "': "
                    + e.problem() + "; nothing was published");
        }
        Priority batchPriority;
        try {
            batchPriority = priority == null ? null : Priority.parse(priority, Priority.FIELD);
        } catch (InvalidTaskException e) {
            metrics.submissionEnded(sample, Outcome.INVALID);
            throw ProblemException.badRequest(Priority.FIELD, "query parameter '" + Priority.FIELD + "': "
                    + e.problem() + "; nothing was published");
        }
        OptionalLong declared = declaredLength(contentLength);
        if (declared.isPresent() && declared.getAsLong() > submitter.maxBatchBytes()) {
            // Refuse before reading, and so before publishing anything.
            metrics.submissionEnded(sample, Outcome.TOO_LARGE);
            return tooLarge(new BatchTooLargeException(BatchTooLargeException.Limit.BYTES, submitter.maxBatchBytes()),
                    null, 0);
        }
        access.requireCaughtUp();
        SubmissionResult result = submitter.submit(body, format.get(), caller.team(), batchDeadline,
                batchPriority);
        Response response;
        Outcome outcome;
        if (result instanceof SubmissionResult.Accepted accepted) {
            metrics.batchAccepted();
            outcome = Outcome.ACCEPTED;
            response = Response.accepted(receipt(accepted.outcome())).type(BatchApi.JSON).build();
        } else if (result instanceof SubmissionResult.NothingValid invalid) {
            outcome = Outcome.INVALID;
            response = nothingValid(invalid.outcome());
        } else if (result instanceof SubmissionResult.TooLarge tooLarge) {
            outcome = Outcome.TOO_LARGE;
            response = tooLarge(tooLarge.limit(), tooLarge.batchId(), tooLarge.published());
        } else if (result instanceof SubmissionResult.TooManyInFlight busy) {
            outcome = Outcome.TOO_MANY_IN_FLIGHT;
            response = tooManyInFlight(busy);
        } else if (result instanceof SubmissionResult.OverBudget over) {
            outcome = Outcome.OVER_BUDGET;
            response = overBudget(over);
        } else if (result instanceof SubmissionResult.PriorityNotAllowed refused) {
            outcome = Outcome.INVALID;
            response = priorityNotAllowed(refused);
        } else if (result instanceof SubmissionResult.PublishFailed failed) {
            outcome = Outcome.PUBLISH_FAILED;
            response = publishFailed(failed);
        } else {
            SubmissionResult.Unreadable unreadable = (SubmissionResult.Unreadable) result;
            outcome = Outcome.INVALID;
            response = Problems.reply(Problems.of("unreadable-body", "Request body could not be read",
                            Response.Status.BAD_REQUEST,
                            "the request body stopped arriving: " + unreadable.reason() + publishedBefore(unreadable))
                    .withBatch(unreadable.batchId(), unreadable.published())).build();
        }
        metrics.submissionEnded(sample, outcome);
        return response;
    }

    private static Response unsupported(String contentType) {
        String supported = String.join(", ", BatchFormat.supportedMediaTypes());
        return Problems.reply(Problems.of("unsupported-media-type", "Unsupported media type",
                        Response.Status.UNSUPPORTED_MEDIA_TYPE,
                        (contentType == null ? "the request has no Content-Type" : "Content-Type '" + contentType
                                + "' is not accepted") + "; send application/x-ndjson (one task per line) or "
                                + "application/json ({\"tasks\": [ ... ]}); accepted types: " + supported)
                        .withSupportedTypes(BatchFormat.supportedMediaTypes()))
                .header(ACCEPT_POST, supported)
                .build();
    }

    private static Response nothingValid(BatchOutcome outcome) {
        String detail = outcome.submitted() == 0 && outcome.rejectedCount() == 0
                ? "the batch contains no tasks; nothing was published"
                : "none of the tasks in the batch is valid (" + outcome.rejectedCount()
                        + " rejected); nothing was published";
        return Problems.reply(Problems.of("no-valid-tasks", "No valid tasks", Response.Status.BAD_REQUEST, detail)
                .withRejections(receipt(outcome))).build();
    }

    private static Response tooLarge(BatchTooLargeException limit, String batchId, long published) {
        Problem problem = Problems.of("batch-too-large", "Batch too large", Response.Status.REQUEST_ENTITY_TOO_LARGE,
                        limit.getMessage() + (published > 0 ? "; " + published + " tasks read before the limit"
                                + " was reached were already published with batch id " + batchId : ""))
                .withLimit(limitName(limit.limit()), limit.maximum(), null);
        return Problems.reply(batchId == null ? problem : problem.withBatch(batchId, published)).build();
    }

    private static String limitName(BatchTooLargeException.Limit limit) {
        return switch (limit) {
            case BYTES -> "max-batch-bytes";
            case TASKS -> TeamLimits.MAX_TASKS_PER_BATCH;
            case PROMPT_CHARS -> TeamLimits.MAX_PROMPT_CHARS;
        };
    }

    private static Response tooManyInFlight(SubmissionResult.TooManyInFlight busy) {
        return Problems.reply(Problems.of("too-many-batches-in-flight", "Too many batches in flight",
                        Response.Status.TOO_MANY_REQUESTS,
                        "team '" + busy.team() + "' has " + busy.inFlight() + " batches running, the limit of "
                                + TeamLimits.MAX_BATCHES_IN_FLIGHT + " is " + busy.maximum()
                                + "; wait for one to complete or cancel one")
                        .withLimit(TeamLimits.MAX_BATCHES_IN_FLIGHT, busy.maximum(), busy.inFlight()))
                .header("Retry-After", "30")
                .build();
    }

    private static Response overBudget(SubmissionResult.OverBudget over) {
        SpendBudget.Exhausted budget = over.budget();
        String period = SpendBudget.DAILY.equals(budget.limit()) ? "today (UTC)" : "this month (UTC)";
        return Problems.reply(Problems.of("budget-spent", "Spend budget used up", Response.Status.TOO_MANY_REQUESTS,
                        String.format(Locale.ROOT, "team '%s' has spent %.2f USD %s, its %s is %.2f USD, %.2f USD left;"
                                        + " new batches are refused until %s. Work already submitted runs on",
                                over.team(), budget.spentUsd(), period, budget.limit(), budget.budgetUsd(),
                                Math.max(0, budget.budgetUsd() - budget.spentUsd()), budget.resetsAt()))
                        .withBudget(budget.limit(), budget.budgetUsd(), budget.spentUsd(), budget.resetsAt()))
                .header("Retry-After", Long.toString(Math.max(1, over.untilReset().toSeconds())))
                .build();
    }

    /**
     * 400 rather than 403: the key is valid and the team may submit, only this value is not one it
     * may use, so it is a parameter to change, like a bad {@code ?deadline=}; and clients, the CLI
     * among them, take a 403 for a refused key.
     */
    private static Response priorityNotAllowed(SubmissionResult.PriorityNotAllowed refused) {
        return Problems.reply(Problems.of("priority-not-allowed", "Priority not allowed", Response.Status.BAD_REQUEST,
                        "query parameter '" + Priority.FIELD + "': " + refused.problem() + "; nothing was published")
                .withField(Priority.FIELD)).build();
    }

    private static Response publishFailed(SubmissionResult.PublishFailed failed) {
        return Problems.reply(Problems.of("publish-failed", "Kafka did not accept the batch",
                        Response.Status.SERVICE_UNAVAILABLE,
                        failed.published() + " tasks of batch " + failed.batchId() + " were published before "
                                + "publishing failed; resubmit the rest (" + failed.reason() + ")")
                .withBatch(failed.batchId(), failed.published())).build();
    }

    /** What a submission came to, as the API reports it. */
    private static BatchReceipt receipt(BatchOutcome outcome) {
        Map<String, Long> priorities = new LinkedHashMap<>();
        for (Priority priority : Priority.values()) {
            Long tasks = outcome.acceptedByPriority().get(priority);
            if (tasks != null) {
                priorities.put(priority.wireName(), tasks);
            }
        }
        return new BatchReceipt(outcome.batchId(), outcome.accepted(), outcome.rejectedCount(),
                outcome.rejections().stream()
                        .map(r -> new RejectedTask(r.line(), r.index(), r.id(), r.field(), r.error()))
                        .toList(), priorities);
    }

    private static String publishedBefore(SubmissionResult result) {
        return result.published() == 0 ? "; nothing was published"
                : "; " + result.published() + " tasks read before that were published";
    }

    private static OptionalLong declaredLength(String header) {
        if (header == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
