package dev.taskfleet.producer.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskfleet.api.BatchApi;
import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.api.CancelReceipt;
import dev.taskfleet.api.RetryReceipt;
import dev.taskfleet.api.RetryRequest;
import dev.taskfleet.producer.auth.Caller;
import dev.taskfleet.producer.config.FleetConfig;
import dev.taskfleet.producer.control.CancelService;
import dev.taskfleet.producer.control.ControlOutcome;
import dev.taskfleet.producer.control.RetryService;
import dev.taskfleet.producer.publish.PublishFailedException;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Acting on a batch: re-run its failed tasks, or cancel it. */
@Path(BatchApi.BATCHES)
@Tag(name = "batches")
@SecurityRequirement(name = BatchResource.SECURITY_SCHEME)
@APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
@APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
@APIResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
@APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
public class BatchControlResource {

    private static final int MAX_BODY_BYTES = 4096;
    private static final int ACCEPTED = 202;

    /** One action on a batch the caller may see. */
    private interface Action<R> {
        ControlOutcome<R> apply(BatchStatus batch) throws Exception;
    }

    private final BatchAccess access;
    private final Caller caller;
    private final RetryService retries;
    private final CancelService cancels;
    private final List<String> tiers;
    private final ObjectMapper json;

    @Inject
    public BatchControlResource(BatchAccess access, Caller caller, RetryService retries, CancelService cancels,
                                FleetConfig config, ObjectMapper json) {
        this.access = access;
        this.caller = caller;
        this.retries = retries;
        this.cancels = cancels;
        this.tiers = List.copyOf(config.tierOrder());
        this.json = json;
    }

    @POST
    @Path(BatchApi.ID + "/retry")
    @Blocking
    @ResponseStatus(ACCEPTED)
    @Produces({BatchApi.JSON, BatchApi.PROBLEM_JSON})
    @Operation(summary = "Re-run every task whose newest run failed, as the next run; optionally on a named tier")
    @APIResponse(responseCode = "410", ref = ApiDocument.RESULTS_EXPIRED)
    // Quarkus's OpenAPI scan does not read @ResponseStatus, so a 202's content is named here.
    @APIResponse(responseCode = "202", description = "The failed tasks were published again",
            content = @Content(mediaType = BatchApi.JSON, schema = @Schema(implementation = RetryReceipt.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.INVALID_REQUEST)
    public RetryReceipt retry(@PathParam("id") String batchId,
                              @RequestBody(required = false, description = "Optional; no body keeps each task's tier hint",
                                      content = @Content(mediaType = BatchApi.JSON,
                                              schema = @Schema(implementation = RetryRequest.class)))
                              InputStream body) throws Exception {
        String tier = tierOf(body);
        if (tier != null && !tiers.contains(tier)) {
            throw ProblemException.badRequest("tier", "tier '" + tier + "' is not one of " + String.join(", ", tiers));
        }
        return act(batchId, batch -> retries.retry(batch, tier));
    }

    @POST
    @Path(BatchApi.ID + "/cancel")
    @Blocking
    @ResponseStatus(ACCEPTED)
    @Produces({BatchApi.JSON, BatchApi.PROBLEM_JSON})
    @Operation(summary = "Cancel the batch: tasks of its newest run that have not started finish as CANCELLED")
    @APIResponse(responseCode = "202", description = "The batch is cancelled (now, or it already was)",
            content = @Content(mediaType = BatchApi.JSON, schema = @Schema(implementation = CancelReceipt.class)))
    public CancelReceipt cancel(@PathParam("id") String batchId) throws Exception {
        return act(batchId, cancels::cancel);
    }

    private <R> R act(String batchId, Action<R> action) throws Exception {
        access.requireCaughtUp();
        BatchStatus batch = access.visible(batchId, caller.team());
        ControlOutcome<R> outcome;
        try {
            outcome = action.apply(batch);
        } catch (PublishFailedException e) {
            throw new ProblemException(Problems.of("publish-failed", "Kafka did not accept the change",
                    Response.Status.SERVICE_UNAVAILABLE, e.getMessage()).withBatch(batchId, null));
        }
        if (outcome instanceof ControlOutcome.Done<R> done) {
            return done.receipt();
        }
        if (outcome instanceof ControlOutcome.Behind<R> behind) {
            throw new ProblemException(Problems.of("not-ready", "Not ready yet", Response.Status.SERVICE_UNAVAILABLE,
                    behind.detail()).withBatch(batchId, null));
        }
        ControlOutcome.Refused<R> refused = (ControlOutcome.Refused<R>) outcome;
        throw new ProblemException(Problems.of(refused.reason(), "Conflict", Response.Status.CONFLICT, refused.detail())
                .withBatch(batchId, null));
    }

    /** The body is optional, so it is read by hand: no body, no Content-Type, or {@code {}} all mean "same tiers". */
    private String tierOf(InputStream body) throws IOException {
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
            request = json.readValue(text, RetryRequest.class);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("body", "the retry body is not a JSON object such as {\"tier\":\"quality\"}: "
                    + e.getOriginalMessage());
        }
        return request == null || request.tier() == null || request.tier().isBlank() ? null : request.tier().trim();
    }
}
