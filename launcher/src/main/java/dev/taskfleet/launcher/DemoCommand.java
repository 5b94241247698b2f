package dev.taskfleet.launcher;

import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.api.RejectedTask;
import dev.taskfleet.launcher.cli.DurationConverter;
import dev.taskfleet.launcher.cli.Environment;
import dev.taskfleet.launcher.client.ApiException;
import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.client.StatusFeed;
import dev.taskfleet.launcher.client.SubmitResponse;
import dev.taskfleet.launcher.demo.DemoBatch;
import dev.taskfleet.launcher.fleet.LocalStack;
import dev.taskfleet.launcher.progress.BatchProgress;
import dev.taskfleet.launcher.progress.BatchWaiter;
import dev.taskfleet.launcher.progress.ProgressView;
import dev.taskfleet.launcher.progress.ResultsTally;
import dev.taskfleet.launcher.progress.SummaryRenderer;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code taskfleet demo}: start everything, run a batch, show progress and a summary, stop everything. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Starts a Kafka broker, the producer, the router and a worker per tier, submits the example "
                + "batch, shows progress per tier and a summary, then stops everything.")
final class DemoCommand implements Callable<Integer> {

    private static final int REJECTIONS_SHOWN = 5;
    /** Without a terminal (CI logs) a progress line every 5 s keeps a 1,000-task demo's log short. */
    private static final Duration PLAIN_INTERVAL = Duration.ofSeconds(5);
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    @Mixin
    private FleetOptions fleet;

    @Option(names = "--tasks", paramLabel = "N",
            description = "How many tasks to submit: the first N lines of the batch file, or the file repeated "
                    + "with suffixed ids when N is larger (default: every line).")
    private Integer tasks;

    @Option(names = "--file", paramLabel = "JSONL",
            description = "The batch to submit (default: examples/demo-batch.jsonl in the repository).")
    private Path file;

    @Option(names = "--stall-timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Give up when no task finishes for this long (default: ${DEFAULT-VALUE}).")
    private Duration stallTimeout;

    @Option(names = "--plain", description = "Print progress as periodic lines even on a terminal.")
    private boolean plain;

    @Override
    public Integer call() {
        Path home = Environment.home();
        Path batchFile = file != null ? file.toAbsolutePath() : home.resolve(DemoBatch.DEFAULT_FILE);
        List<String> all = DemoBatch.read(batchFile);
        List<String> lines = DemoBatch.select(all, tasks == null ? all.size() : tasks);
        PrintStream out = System.out;
        return StackSession.run(home, fleet, out, stack -> runBatch(stack, batchFile, lines, out));
    }

    private int runBatch(LocalStack stack, Path batchFile, List<String> lines, PrintStream out) {
        out.println("taskfleet: submitting " + lines.size() + " tasks from " + batchFile);
        // The same client and progress code as 'taskfleet submit --wait', with the local key.
        BatchClient client = new BatchClient(stack.fleet().producerUrl(), stack.apiKey());
        // The elapsed time the summary shows starts here, before the upload: the user waits for it too.
        Instant uploadStart = Instant.now();
        SubmitResponse response = client.submitJsonl(
                new ByteArrayInputStream(DemoBatch.toJsonl(lines).getBytes(StandardCharsets.UTF_8)));
        reportRejections(response, out);
        if (!response.isAccepted()) {
            throw new IllegalStateException("the producer refused the batch: " + new ApiException(response.problem()).getMessage());
        }
        out.println("taskfleet: batch " + response.batchId() + " accepted " + response.accepted() + " tasks; progress:");

        PrintWriter writer = new PrintWriter(out, true);
        ProgressView view = ProgressView.forOutput(writer, !plain && Environment.stdoutIsTerminal(), PLAIN_INTERVAL);
        BatchWaiter waiter = new BatchWaiter(new StatusFeed(client, POLL_INTERVAL), stallTimeout, stack::requireRunning,
                Clock.systemUTC());
        BatchStatus last = waiter.await(response.batchId(), view);
        // Per-result latencies are only in the results: they give the serial estimate and the speed-up.
        BatchProgress progress = ResultsTally.fetch(client, last, stack.fleet().tiers(), uploadStart);
        out.println();
        SummaryRenderer.summary(progress).forEach(out::println);
        out.println();
        return 0;
    }

    private static void reportRejections(SubmitResponse response, PrintStream out) {
        if (response.rejected().isEmpty()) {
            return;
        }
        out.println("taskfleet: the producer rejected " + response.rejectedCount() + " lines:");
        for (RejectedTask rejection : response.rejected().subList(0, Math.min(REJECTIONS_SHOWN, response.rejected().size()))) {
            out.println("  line " + rejection.line() + ": " + rejection.error());
        }
        if (response.rejectedCount() > REJECTIONS_SHOWN) {
            out.println("  ... and " + (response.rejectedCount() - REJECTIONS_SHOWN) + " more");
        }
    }
}
