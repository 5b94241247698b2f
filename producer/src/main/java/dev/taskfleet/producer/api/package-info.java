/**
 * The REST API ({@code /api/v1/batches}): resources that speak the types of {@code dev.taskfleet.api}
 * and turn the services' outcomes into replies, problems included; and the OpenAPI document's
 * shared parts, declared here.
 */
@OpenAPIDefinition(
        info = @Info(title = "taskfleet-producer API", version = "v1",
                description = "Submit batches of AI tasks, follow them, fetch their results, retry and cancel them. "
                        + "Every error answer is an RFC 9457 problem (application/problem+json)."),
        components = @Components(responses = {
                @APIResponse(name = ApiDocument.INVALID_REQUEST, description = "A parameter or the body is wrong; "
                        + "'field' names it, or 'rejected' lists the refused tasks when none was valid",
                        content = @Content(mediaType = BatchApi.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = ApiDocument.UNAUTHORIZED, description = "Missing or wrong API key",
                        content = @Content(mediaType = BatchApi.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = ApiDocument.NOT_FOUND, description = "No such batch for the caller's team",
                        content = @Content(mediaType = BatchApi.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = ApiDocument.CONFLICT, description = "The batch's state does not allow this; "
                        + "the type and detail say why",
                        content = @Content(mediaType = BatchApi.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = ApiDocument.TOO_LARGE, description = "Over a size limit, named in 'limit' with "
                        + "its 'maximum'; tasks read before it are in 'published'",
                        content = @Content(mediaType = BatchApi.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = ApiDocument.UNSUPPORTED_MEDIA_TYPE, description = "Neither NDJSON nor JSON; "
                        + "'supportedTypes' lists what is",
                        content = @Content(mediaType = BatchApi.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = ApiDocument.TOO_MANY_IN_FLIGHT, description = "The team has its most batches in "
                        + "flight ('inFlight' of 'maximum'), or has spent the budget named in 'limit' ('spentUsd' of "
                        + "'budgetUsd', whole again at 'resetsAt'); retry after Retry-After",
                        content = @Content(mediaType = BatchApi.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = ApiDocument.RESULTS_EXPIRED, description = "The batch has finished and part of "
                        + "its results were deleted by the results topic's retention, so they cannot be shown or retried",
                        content = @Content(mediaType = BatchApi.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = ApiDocument.UNAVAILABLE, description = "This replica is still reading the batch "
                        + "history, Kafka did not take every record ('published' says how many went out), or did not "
                        + "give a finished batch's results back in time; retry after Retry-After",
                        content = @Content(mediaType = BatchApi.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))}))
package dev.taskfleet.producer.api;

import dev.taskfleet.api.BatchApi;
import dev.taskfleet.api.Problem;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
