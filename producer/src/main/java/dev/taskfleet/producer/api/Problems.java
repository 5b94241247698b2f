package dev.taskfleet.producer.api;

import dev.taskfleet.api.BatchApi;
import dev.taskfleet.api.Problem;
import jakarta.ws.rs.core.Response;

/** Problems as this service writes them: with its type URNs, as JAX-RS replies. */
final class Problems {

    private Problems() {
    }

    /** A problem of type {@code urn:taskfleet:problem:<slug>}. */
    static Problem of(String slug, String title, Response.Status status, String detail) {
        return Problem.of(Problem.TYPE_PREFIX + slug, title, status.getStatusCode(), detail);
    }

    /** The reply that carries {@code problem}, with its status. */
    static Response.ResponseBuilder reply(Problem problem) {
        return Response.status(problem.status()).type(BatchApi.PROBLEM_JSON).entity(problem);
    }
}
