package dev.taskfleet.launcher;

import dev.taskfleet.launcher.fleet.LocalStack;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs a body with a started {@link LocalStack} and stops the stack afterwards, also when the
 * JVM is asked to exit (Ctrl-C, SIGTERM): a shutdown hook stops every child process.
 */
final class StackSession {

    /** What runs while the stack is up; returns the exit code. */
    interface Body {
        int run(LocalStack stack);
    }

    private StackSession() {
    }

    static int run(Path home, FleetOptions options, PrintStream out, Body body) {
        LocalStack stack = new LocalStack(home, Map.copyOf(options.serviceProperties), options.secure, out);
        Thread hook = new Thread(() -> {
            if (!stack.isClosed()) {
                out.println("taskfleet: stopping everything");
            }
            stack.close();
        }, "taskfleet-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stack.start(options.readyTimeout);
            return body.run(stack);
        } catch (RuntimeException e) {
            if (stack.isClosed()) {
                // Interrupted by Ctrl-C: the failure is the stopping itself, not worth a report.
                return 130;
            }
            throw e;
        } finally {
            if (!stack.isClosed() && stack.broker() != null) {
                out.println("taskfleet: stopping everything");
            }
            stack.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down and runs the hook, which finds the stack closed.
            }
        }
    }
}
