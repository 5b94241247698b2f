package dev.taskfleet.router.explain;

import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskValidator;
import dev.taskfleet.policy.ExplainTable;
import dev.taskfleet.policy.PolicyDecision;
import dev.taskfleet.router.routing.TierDecider;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/routing/explain}: the tier each task would get and why, without
 * submitting anything. Decisions use the live policy, adaptive statistics included, but are not
 * timed or counted as routing.
 *
 * <p>Body: tasks as submitted (NDJSON or a JSON array). Reply: a JSON array of
 * {@code {id,type,tier,rule,score,features,explanation}}, or the plain-text table when the
 * caller prefers {@code text/plain}. An invalid task is a 400 problem naming its line (or array
 * index) and field. The method accepts any content type: the body's shape decides.
 */
@Path("/api/v1/routing/explain")
public class ExplainResource {

    static final String PROBLEM_JSON = "application/problem+json";

    private final TierDecider decider;
    private final TaskValidator validator;
    private final Clock clock;

    public ExplainResource(TierDecider decider, TaskValidator validator, Clock clock) {
        this.decider = decider;
        this.validator = validator;
        this.clock = clock;
    }

    @POST
    public Response explain(String body, @Context HttpHeaders headers) {
        List<Task> tasks;
        try {
            tasks = ExplainRequest.parse(body, validator, clock.instant());
        } catch (ExplainRequest.InvalidInput e) {
            return problem(e);
        }
        List<PolicyDecision> decisions = tasks.stream().map(decider::decide).toList();
        if (prefersText(headers)) {
            return Response.ok(ExplainTable.render(tasks, decisions), MediaType.TEXT_PLAIN_TYPE).build();
        }
        List<ExplainedTask> rows = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            rows.add(ExplainedTask.of(tasks.get(i), decisions.get(i)));
        }
        return Response.ok(rows, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Plain text only when asked for ahead of JSON; JSON is the default. */
    private static boolean prefersText(HttpHeaders headers) {
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !type.isWildcardType()) {
                return false;
            }
            if (type.isCompatible(MediaType.TEXT_PLAIN_TYPE) && !type.isWildcardType()) {
                return true;
            }
        }
        return false;
    }

    private static Response problem(ExplainRequest.InvalidInput e) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "urn:taskfleet:problem:invalid-task");
        problem.put("title", "Invalid task");
        problem.put("status", 400);
        problem.put("detail", e.getMessage());
        if (e.line() != null) {
            problem.put("line", e.line());
        }
        if (e.index() != null) {
            problem.put("index", e.index());
        }
        problem.put("field", e.field());
        return Response.status(Response.Status.BAD_REQUEST).type(PROBLEM_JSON).entity(problem).build();
    }
}
