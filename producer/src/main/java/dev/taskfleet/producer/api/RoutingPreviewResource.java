package dev.taskfleet.producer.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskfleet.api.BatchApi;
import dev.taskfleet.api.PreviewedTask;
import dev.taskfleet.api.Problem;
import dev.taskfleet.api.RoutePreview;
import dev.taskfleet.producer.web.RouterExplainClient;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/v1/routing/preview}: where each task would go and why, without submitting. The
 * router owns the policy, so the answer is the router's explanation (what {@code route --explain}
 * prints), asked for on the caller's behalf: the caller needs an API key here, the router's own
 * endpoint is not exposed outside the cluster.
 */
@Path(BatchApi.ROUTING_PREVIEW)
@Tag(name = "routing")
@SecurityRequirement(name = BatchResource.SECURITY_SCHEME)
@APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
@APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
public class RoutingPreviewResource {

    private static final Logger LOG = Logger.getLogger(RoutingPreviewResource.class);
    /** The router's own body limit (Quarkus's default {@code max-body-size}); past it the router would refuse anyway. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    private static final TypeReference<List<PreviewedTask>> ROWS = new TypeReference<>() {
    };

    private final RouterExplainClient router;
    private final ObjectMapper json;

    @Inject
    public RoutingPreviewResource(RouterExplainClient router, ObjectMapper json) {
        this.router = router;
        this.json = json;
    }

    @POST
    @Blocking
    @Produces({BatchApi.JSON, BatchApi.PROBLEM_JSON})
    @Operation(summary = "The tier each task would get and why (the router's live policy), without submitting")
    @APIResponse(responseCode = "200", description = "One entry per task, in order")
    @APIResponse(responseCode = "400", ref = ApiDocument.INVALID_REQUEST)
    @APIResponse(responseCode = "413", ref = ApiDocument.TOO_LARGE)
    public RoutePreview preview(@RequestBody(required = true, description = "Tasks as submitted: NDJSON or {\"tasks\":[...]} / [...]",
                                        content = {@Content(mediaType = BatchApi.NDJSON), @Content(mediaType = BatchApi.JSON)})
                                InputStream body, @Context HttpHeaders headers) throws Exception {
        byte[] bytes = body == null ? new byte[0] : body.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ProblemException(Problems.of("batch-too-large", "Batch too large", Response.Status.REQUEST_ENTITY_TOO_LARGE,
                    "a preview takes at most " + MAX_BODY_BYTES + " bytes; preview a sample of the batch")
                    .withLimit("preview-bytes", MAX_BODY_BYTES, null));
        }
        String contentType = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        RouterExplainClient.Answer answer;
        try {
            answer = router.explain(bytes, contentType == null ? BatchApi.NDJSON : contentType);
        } catch (RouterExplainClient.RouterUnavailableException e) {
            LOG.warnf("route preview: %s", e.getMessage());
            throw new ProblemException(Problems.of("router-unavailable", "The router is not reachable",
                    Response.Status.SERVICE_UNAVAILABLE, "the route preview asks the router, which did not answer; "
                            + "try again shortly (" + e.getMessage() + ")"));
        }
        if (answer.status() == 200) {
            return new RoutePreview(json.readValue(answer.body(), ROWS));
        }
        throw new ProblemException(refusal(answer));
    }

    /** The router's 400 names the bad task (line or index, field); anything else is the router failing. */
    private Problem refusal(RouterExplainClient.Answer answer) {
        JsonNode problem = parse(answer.body());
        String detail = problem.path("detail").asText("");
        if (answer.status() == 400) {
            Problem invalid = Problems.of("invalid-task", "Invalid task", Response.Status.BAD_REQUEST, detail);
            return problem.hasNonNull("field") ? invalid.withField(problem.get("field").asText()) : invalid;
        }
        LOG.warnf("route preview: the router answered %d: %s", answer.status(), detail);
        return Problems.of("router-unavailable", "The router could not answer", Response.Status.SERVICE_UNAVAILABLE,
                "the router answered " + answer.status() + " to the preview; try again shortly");
    }

    private JsonNode parse(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }
}
