package dev.taskfleet.launcher.client;

import dev.taskfleet.api.Problem;

/**
 * The producer answered with an error: an RFC 9457 problem, or any other non-success status.
 * The message is one line a person can act on: {@code 401 Unauthorized: <detail>}.
 */
public final class ApiException extends RuntimeException {

    private final Problem problem;

    public ApiException(Problem problem) {
        super(problem.status() + " " + problem.title() + (problem.detail() == null ? "" : ": " + problem.detail()));
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public int status() {
        return problem.status();
    }

    /** 401 or 403: the key is missing, wrong or not allowed; retrying will not help. */
    public boolean isAuthentication() {
        return problem.status() == 401 || problem.status() == 403;
    }
}
