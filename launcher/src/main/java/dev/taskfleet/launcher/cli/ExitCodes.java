package dev.taskfleet.launcher.cli;

import dev.taskfleet.launcher.client.ApiException;
import dev.taskfleet.launcher.client.ServerUnreachableException;

/** The exit codes of every {@code taskfleet} command, documented in the CLI's help footer. */
public final class ExitCodes {

    /** Everything worked and every task succeeded. */
    public static final int OK = 0;
    /** Tasks failed ({@code submit --wait}, {@code watch}), the server answered with an error, or something else failed. */
    public static final int FAILED = 1;
    /** A usage error: unknown option, missing argument, a policy file with a mistake. */
    public static final int USAGE = 2;
    /** The server cannot be reached, or it refused the API key (401/403). */
    public static final int UNREACHABLE_OR_AUTH = 3;

    /** The footer every command's help ends with. */
    public static final String FOOTER = "%nExit codes: 0 ok; 1 tasks failed or were stopped at the team's budget, or the server answered with an error; "
            + "2 usage error; 3 cannot reach the server, or the API key was refused.";

    private ExitCodes() {
    }

    /** The exit code of a command that ended with {@code exception}. */
    public static int of(Exception exception) {
        if (exception instanceof ServerUnreachableException) {
            return UNREACHABLE_OR_AUTH;
        }
        if (exception instanceof ApiException api) {
            return api.isAuthentication() ? UNREACHABLE_OR_AUTH : FAILED;
        }
        return FAILED;
    }
}
