package dev.taskfleet.launcher;

import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.client.Rejection;
import dev.taskfleet.launcher.client.SubmitResponse;
import dev.taskfleet.launcher.demo.BatchFollower;
import dev.taskfleet.launcher.demo.BatchProgress;
import dev.taskfleet.launcher.demo.DemoBatch;
import dev.taskfleet.launcher.demo.ProgressDisplay;
import dev.taskfleet.launcher.demo.ProgressRenderer;
import dev.taskfleet.launcher.demo.ResultsWatcher;
import dev.taskfleet.launcher.fleet.LocalStack;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
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
            description = "Give up when no result arrives for this long (default: ${DEFAULT-VALUE}).")
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
        BatchClient client = new BatchClient(stack.fleet().producerUrl());
        Instant submittedAt = Instant.now();
        SubmitResponse response = client.submitJsonl(
                new ByteArrayInputStream(DemoBatch.toJsonl(lines).getBytes(StandardCharsets.UTF_8)));
        if (!response.isAccepted()) {
            throw new IllegalStateException("the producer refused the batch with HTTP " + response.status()
                    + (response.problemDetail() == null ? "" : ": " + response.problemDetail()));
        }
        reportRejections(response, out);
        if (response.accepted() == 0) {
            throw new IllegalStateException("the producer accepted none of the tasks");
        }
        out.println("taskfleet: batch " + response.batchId() + " accepted " + response.accepted() + " tasks; results:");

        BatchProgress progress = new BatchProgress(response.batchId(), response.accepted(), stack.fleet().tiers(),
                submittedAt);
        ProgressRenderer renderer = new ProgressRenderer();
        ProgressDisplay display = new ProgressDisplay(out, !plain && Environment.stdoutIsTerminal(), Duration.ofSeconds(5));
        String resultsTopic = new TopicNames(stack.fleet().topicPrefix()).results();
        try (ResultsWatcher watcher = new ResultsWatcher(stack.broker().bootstrapServers(), resultsTopic)) {
            new BatchFollower(watcher, display, renderer, stallTimeout, stack::requireRunning, Clock.systemUTC())
                    .follow(progress);
        }
        out.println();
        renderer.summary(progress).forEach(out::println);
        out.println();
        return 0;
    }

    private static void reportRejections(SubmitResponse response, PrintStream out) {
        if (response.rejected().isEmpty()) {
            return;
        }
        out.println("taskfleet: the producer rejected " + response.rejected().size() + " lines:");
        for (Rejection rejection : response.rejected().subList(0, Math.min(REJECTIONS_SHOWN, response.rejected().size()))) {
            out.println("  line " + rejection.line() + ": " + rejection.error());
        }
        if (response.rejected().size() > REJECTIONS_SHOWN) {
            out.println("  ... and " + (response.rejected().size() - REJECTIONS_SHOWN) + " more");
        }
    }
}
