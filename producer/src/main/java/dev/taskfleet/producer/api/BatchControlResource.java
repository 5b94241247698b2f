package dev.taskfleet.producer.api;

import dev.taskfleet.producer.auth.Caller;
import dev.taskfleet.producer.config.FleetConfig;
import dev.taskfleet.producer.control.CancelService;
import dev.taskfleet.producer.control.ControlOutcome;
import dev.taskfleet.producer.control.RetryService;
import dev.taskfleet.producer.progress.BatchStatus;
import dev.taskfleet.producer.publish.PublishFailedException;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.taskfleet.contract.EventCodec;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Acting on a batch: re-run its failed tasks, or cancel it. */
@Path("/api/v1/batches")
@Tag(name = "batches")
@SecurityRequirement(name = BatchResource.SECURITY_SCHEME)
public class BatchControlResource {

    private static final int MAX_BODY_BYTES = 4096;

    private final BatchAccess access;
    private final Caller caller;
    private final RetryService retries;
    private final CancelService cancels;
    private final List<String> tiers;

    @Inject
    public BatchControlResource(BatchAccess access, Caller caller, RetryService retries, CancelService cancels,
                                FleetConfig config) {
        this.access = access;
        this.caller = caller;
        this.retries = retries;
        this.cancels = cancels;
        this.tiers = List.copyOf(config.tierOrder());
    }

    @POST
    @Path("{id}/retry")
    @Blocking
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Re-run every task whose newest run failed, as the next run; optionally on a named tier")
    @APIResponse(responseCode = "202", description = "{batchId, run, resubmitted}")
    @APIResponse(responseCode = "400", description = "Unknown tier", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such batch for the caller's team",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Still running, nothing failed, or the tasks have expired",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response retry(@PathParam("id") String batchId, InputStream body) throws Exception {
        String tier = tierOf(body);
        if (tier != null && !tiers.contains(tier)) {
            throw ProblemException.badRequest("tier", "tier '" + tier + "' is not one of " + String.join(", ", tiers));
        }
        access.requireCaughtUp();
        BatchStatus batch = access.visible(batchId, caller.team());
        ControlOutcome outcome;
        try {
            outcome = retries.retry(batch, tier);
        } catch (PublishFailedException e) {
            throw unavailable(batchId, e);
        }
        if (outcome instanceof ControlOutcome.Retried retried) {
            return Response.accepted(new ControlReceipts.Retried(retried.batchId(), retried.run(), retried.resubmitted()))
                    .type(MediaType.APPLICATION_JSON).build();
        }
        throw conflict(batchId, (ControlOutcome.Refused) outcome);
    }

    @POST
    @Path("{id}/cancel")
    @Blocking
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Cancel the batch: tasks of its newest run that have not started finish as CANCELLED")
    @APIResponse(responseCode = "202", description = "{batchId, state}")
    @APIResponse(responseCode = "404", description = "No such batch for the caller's team",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The batch has already completed",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response cancel(@PathParam("id") String batchId) {
        access.requireCaughtUp();
        BatchStatus batch = access.visible(batchId, caller.team());
        ControlOutcome outcome;
        try {
            outcome = cancels.cancel(batch);
        } catch (PublishFailedException e) {
            throw unavailable(batchId, e);
        }
        if (outcome instanceof ControlOutcome.Cancelled cancelled) {
            return Response.accepted(new ControlReceipts.Cancelled(cancelled.batchId(), "CANCELLED"))
                    .type(MediaType.APPLICATION_JSON).build();
        }
        throw conflict(batchId, (ControlOutcome.Refused) outcome);
    }

    /** The body is optional, so it is read by hand: no body, no Content-Type, or {@code {}} all mean "same tiers". */
    private static String tierOf(InputStream body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw ProblemException.badRequest("body", "the retry body must be a small JSON object such as {\"tier\":\"quality\"}");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return null;
        }
        RetryRequest request;
        try {
            request = EventCodec.mapper().readValue(text, RetryRequest.class);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("body", "the retry body is not a JSON object such as {\"tier\":\"quality\"}: "
                    + e.getOriginalMessage());
        }
        return request == null || request.tier() == null || request.tier().isBlank() ? null : request.tier().trim();
    }

    private static ProblemException conflict(String batchId, ControlOutcome.Refused refused) {
        return new ProblemException(Problem.of(refused.reason(), "Conflict", Response.Status.CONFLICT, refused.detail())
                .with("batchId", batchId));
    }

    private static ProblemException unavailable(String batchId, PublishFailedException e) {
        return new ProblemException(Problem.of("publish-failed", "Kafka did not accept the change",
                Response.Status.SERVICE_UNAVAILABLE, e.getMessage()).with("batchId", batchId));
    }
}
