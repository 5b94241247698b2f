package dev.taskfleet.producer.api;

import dev.taskfleet.producer.auth.Caller;
import dev.taskfleet.producer.batch.BatchFormat;
import dev.taskfleet.producer.batch.BatchOutcome;
import dev.taskfleet.producer.batch.BatchTooLargeException;
import dev.taskfleet.producer.metrics.ProducerMetrics;
import dev.taskfleet.producer.metrics.ProducerMetrics.Outcome;
import dev.taskfleet.producer.submit.BatchSubmitter;
import dev.taskfleet.producer.submit.SubmissionResult;
import dev.taskfleet.producer.team.TeamLimits;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
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
@Path("/api/v1/batches")
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
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Submit a batch as NDJSON (one task per line) or JSON ({\"tasks\": [...]}), streamed")
    @APIResponse(responseCode = "202", description = "{batchId, accepted, rejectedCount, rejected[]}: every accepted task is durable")
    @APIResponse(responseCode = "400", description = "No valid task", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "Missing or wrong API key", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "413", description = "Over a size limit, named in 'limit' with its 'maximum'",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "415", description = "Neither NDJSON nor JSON", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "429", description = "The team has its most batches in flight",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "Kafka did not take every task", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response submit(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
                           InputStream body) {
        Timer.Sample sample = metrics.startSubmission();
        Optional<BatchFormat> format = BatchFormat.forContentType(contentType);
        if (format.isEmpty()) {
            metrics.submissionEnded(sample, Outcome.UNSUPPORTED_MEDIA_TYPE);
            return unsupported(contentType);
        }
        OptionalLong declared = declaredLength(contentLength);
        if (declared.isPresent() && declared.getAsLong() > submitter.maxBatchBytes()) {
            // Refuse before reading, and so before publishing anything.
            metrics.submissionEnded(sample, Outcome.TOO_LARGE);
            return tooLarge(new BatchTooLargeException(BatchTooLargeException.Limit.BYTES, submitter.maxBatchBytes()),
                    null, 0);
        }
        access.requireCaughtUp();
        SubmissionResult result = submitter.submit(body, format.get(), caller.team());
        Response response;
        Outcome outcome;
        if (result instanceof SubmissionResult.Accepted accepted) {
            metrics.batchAccepted();
            outcome = Outcome.ACCEPTED;
            response = Response.accepted(BatchReceipt.of(accepted.outcome())).type(MediaType.APPLICATION_JSON).build();
        } else if (result instanceof SubmissionResult.NothingValid invalid) {
            outcome = Outcome.INVALID;
            response = nothingValid(invalid.outcome());
        } else if (result instanceof SubmissionResult.TooLarge tooLarge) {
            outcome = Outcome.TOO_LARGE;
            response = tooLarge(tooLarge.limit(), tooLarge.batchId(), tooLarge.published());
        } else if (result instanceof SubmissionResult.TooManyInFlight busy) {
            outcome = Outcome.TOO_MANY_IN_FLIGHT;
            response = tooManyInFlight(busy);
        } else if (result instanceof SubmissionResult.PublishFailed failed) {
            outcome = Outcome.PUBLISH_FAILED;
            response = publishFailed(failed);
        } else {
            SubmissionResult.Unreadable unreadable = (SubmissionResult.Unreadable) result;
            outcome = Outcome.INVALID;
            response = Problem.of("unreadable-body", "Request body could not be read", Response.Status.BAD_REQUEST,
                            "the request body stopped arriving: " + unreadable.reason() + publishedBefore(unreadable))
                    .with("batchId", unreadable.batchId())
                    .with("published", unreadable.published())
                    .toResponse().build();
        }
        metrics.submissionEnded(sample, outcome);
        return response;
    }

    private static Response unsupported(String contentType) {
        String supported = String.join(", ", BatchFormat.supportedMediaTypes());
        return Problem.of("unsupported-media-type", "Unsupported media type", Response.Status.UNSUPPORTED_MEDIA_TYPE,
                        (contentType == null ? "the request has no Content-Type" : "Content-Type '" + contentType
                                + "' is not accepted") + "; send application/x-ndjson (one task per line) or "
                                + "application/json ({\"tasks\": [ ... ]}); accepted types: " + supported)
                .with("supportedTypes", BatchFormat.supportedMediaTypes())
                .toResponse()
                .header(ACCEPT_POST, supported)
                .build();
    }

    private static Response nothingValid(BatchOutcome outcome) {
        String detail = outcome.submitted() == 0 && outcome.rejectedCount() == 0
                ? "the batch contains no tasks; nothing was published"
                : "none of the tasks in the batch is valid (" + outcome.rejectedCount()
                        + " rejected); nothing was published";
        BatchReceipt receipt = BatchReceipt.of(outcome);
        return Problem.of("no-valid-tasks", "No valid tasks", Response.Status.BAD_REQUEST, detail)
                .with("batchId", receipt.batchId())
                .with("accepted", receipt.accepted())
                .with("rejectedCount", receipt.rejectedCount())
                .with("rejected", receipt.rejected())
                .toResponse().build();
    }

    private static Response tooLarge(BatchTooLargeException limit, String batchId, long published) {
        Problem problem = Problem.of("batch-too-large", "Batch too large", Response.Status.REQUEST_ENTITY_TOO_LARGE,
                        limit.getMessage() + (published > 0 ? "; " + published + " tasks read before the limit"
                                + " was reached were already published with batch id " + batchId : ""))
                .with("limit", limitName(limit.limit()))
                .with("maximum", limit.maximum());
        if (batchId != null) {
            problem.with("batchId", batchId).with("published", published);
        }
        return problem.toResponse().build();
    }

    private static String limitName(BatchTooLargeException.Limit limit) {
        return switch (limit) {
            case BYTES -> "max-batch-bytes";
            case TASKS -> TeamLimits.MAX_TASKS_PER_BATCH;
            case PROMPT_CHARS -> TeamLimits.MAX_PROMPT_CHARS;
        };
    }

    private static Response tooManyInFlight(SubmissionResult.TooManyInFlight busy) {
        return Problem.of("too-many-batches-in-flight", "Too many batches in flight", Response.Status.TOO_MANY_REQUESTS,
                        "team '" + busy.team() + "' has " + busy.inFlight() + " batches running, the limit of "
                                + TeamLimits.MAX_BATCHES_IN_FLIGHT + " is " + busy.maximum()
                                + "; wait for one to complete or cancel one")
                .with("limit", TeamLimits.MAX_BATCHES_IN_FLIGHT)
                .with("maximum", busy.maximum())
                .with("inFlight", busy.inFlight())
                .toResponse()
                .header("Retry-After", "30")
                .build();
    }

    private static Response publishFailed(SubmissionResult.PublishFailed failed) {
        return Problem.of("publish-failed", "Kafka did not accept the batch", Response.Status.SERVICE_UNAVAILABLE,
                        failed.published() + " tasks of batch " + failed.batchId() + " were published before "
                                + "publishing failed; resubmit the rest (" + failed.reason() + ")")
                .with("batchId", failed.batchId())
                .with("published", failed.published())
                .toResponse().build();
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
