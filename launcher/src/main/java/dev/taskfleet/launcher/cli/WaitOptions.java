package dev.taskfleet.launcher.cli;

import dev.taskfleet.api.BatchState;
import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.client.StatusFeed;
import dev.taskfleet.launcher.progress.BatchWaiter;
import dev.taskfleet.launcher.progress.ProgressView;
import dev.taskfleet.launcher.progress.ResultsTally;
import dev.taskfleet.launcher.progress.StatusText;
import dev.taskfleet.launcher.progress.SummaryRenderer;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** Following a batch to its end ({@code submit --wait}, {@code watch}): progress, then the summary table. */
public final class WaitOptions {

    /** How often the status is polled when the progress stream is not available, and plain lines are printed. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    @Option(names = "--plain", description = "Print one progress line per second even on a terminal.")
    private boolean plain;

    @Option(names = "--stall-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Give up (exit 1) when no task finishes for this long, e.g. 10m (default: wait for ever).")
    private Duration stallTimeout;

    /**
     * Shows progress until the batch has settled, then the summary (or, with
     * {@code json}, the final status as one JSON line).
     *
     * @return {@link ExitCodes#FAILED} when tasks failed or the batch was cancelled, else {@link ExitCodes#OK}
     */
    int await(BatchClient client, String batchId, boolean json, PrintWriter out) {
        ProgressView view = json ? ProgressView.none()
                : ProgressView.forOutput(out, !plain && Environment.stdoutIsTerminal(), INTERVAL);
        BatchWaiter waiter = new BatchWaiter(new StatusFeed(client, INTERVAL), stallTimeout, () -> { }, Clock.systemUTC());
        BatchStatus last = waiter.await(batchId, view);
        if (json) {
            JsonOutput.print(out, last);
        } else {
            out.println();
            SummaryRenderer.summary(ResultsTally.fetch(client, last, List.of())).forEach(out::println);
            out.println();
            out.println("batch " + last.batchId() + " " + StatusText.state(last) + ": " + last.succeeded() + " succeeded, "
                    + last.failed() + " failed, " + last.cancelled() + " cancelled");
            out.flush();
        }
        return exitCode(last);
    }

    static int exitCode(BatchStatus last) {
        return last.failed() > 0 || last.budgetExceeded() > 0 || last.state() == BatchState.CANCELLED
                || last.state() == BatchState.BUDGET_EXCEEDED ? ExitCodes.FAILED : ExitCodes.OK;
    }
}
