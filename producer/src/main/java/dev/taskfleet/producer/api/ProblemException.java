package dev.taskfleet.producer.api;

import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Ends a request with a problem reply from anywhere in a resource. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.getDetail(), null, false, false);
        this.problem = problem;
    }

    static ProblemException notFound(String batchId) {
        // The same answer whether the batch does not exist or belongs to another team.
        return new ProblemException(Problem.of("batch-not-found", "Batch not found", Response.Status.NOT_FOUND,
                "there is no batch '" + batchId + "' for your team").with("batchId", batchId));
    }

    static ProblemException badRequest(String field, String detail) {
        return new ProblemException(Problem.of("invalid-request", "Invalid request", Response.Status.BAD_REQUEST,
                detail).with("field", field));
    }

    /** Turns the exception into its reply. */
    public static class Mapper {

        @ServerExceptionMapper
        public Response map(ProblemException e) {
            Response.ResponseBuilder reply = e.problem.toResponse();
            if (e.problem.getStatus() == Response.Status.SERVICE_UNAVAILABLE.getStatusCode()) {
                reply.header("Retry-After", "5");
            }
            return reply.build();
        }
    }
}
