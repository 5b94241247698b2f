package dev.taskfleet.launcher.progress;

import dev.taskfleet.api.BatchStatus;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;

/** Shows a batch's progress while it runs; closed once it is done (or following is abandoned). */
public interface ProgressView extends AutoCloseable {

    void update(BatchStatus status);

    @Override
    void close();

    /**
     * Bars redrawn in place on the process's standard output when that is a terminal (the
     * progress-bar library draws on a {@code PrintStream}); otherwise (CI logs, a pipe) one plain
     * line on {@code out} at most every {@code plainInterval}.
     */
    static ProgressView forOutput(PrintWriter out, boolean terminal, Duration plainInterval) {
        if (terminal) {
            out.flush();
            return new TerminalProgress(System.out);
        }
        return new PlainProgress(out, plainInterval, Clock.systemUTC());
    }

    /** Shows nothing, for {@code --json}. */
    static ProgressView none() {
        return new ProgressView() {
            @Override
            public void update(BatchStatus status) {
                // Scripts read the final status only.
            }

            @Override
            public void close() {
                // Nothing was shown.
            }
        };
    }
}
