package dev.taskfleet.producer.api;

import dev.taskfleet.api.Problem;
import dev.taskfleet.producer.progress.SealedResultsUnavailableException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Ends a request with a problem reply from anywhere in a resource. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    static ProblemException notFound(String batchId) {
        // The same answer whether the batch does not exist or belongs to another team.
        return new ProblemException(Problems.of("batch-not-found", "Batch not found", Response.Status.NOT_FOUND,
                "there is no batch '" + batchId + "' for your team").withBatch(batchId, null));
    }

    static ProblemException badRequest(String field, String detail) {
        return new ProblemException(Problems.of("invalid-request", "Invalid request", Response.Status.BAD_REQUEST,
                detail).withField(field));
    }

    /** Turns the exception into its reply. */
    public static class Mapper {

        @ServerExceptionMapper
        public Response map(ProblemException e) {
            Response.ResponseBuilder reply = Problems.reply(e.problem);
            if (e.problem.status() == Response.Status.SERVICE_UNAVAILABLE.getStatusCode()) {
                reply.header("Retry-After", "5");
            }
            return reply.build();
        }

        /**
         * A finished batch's results, read back from the results topic for a retry or to show them,
         * were not there (retention: 410) or could not be read now (503, try again).
         */
        @ServerExceptionMapper
        public Response map(SealedResultsUnavailableException e) {
            Problem problem = e.expired()
                    ? Problems.of("results-expired", "Results expired", Response.Status.GONE, e.getMessage())
                    : Problems.of("results-unavailable", "Results not readable now", Response.Status.SERVICE_UNAVAILABLE,
                            e.getMessage());
            return map(new ProblemException(problem.withBatch(e.batchId(), null)));
        }
    }
}
