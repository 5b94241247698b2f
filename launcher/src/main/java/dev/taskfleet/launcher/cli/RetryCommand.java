package dev.taskfleet.launcher.cli;

import dev.taskfleet.launcher.client.BatchClient;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code taskfleet retry ID [--tier T]}. */
@Command(name = "retry", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER,
        description = "Runs the failed tasks of a finished batch again, as the next run; the server answers 409 "
                + "(exit 1) when nothing failed or the batch is still running.")
public final class RetryCommand extends BatchCommand {

    @Option(names = "--tier", paramLabel = "TIER", description = "Ask for this tier (sent as the tasks' tier hint).")
    private String tier;

    @Option(names = "--json", description = "Print the receipt as one JSON line.")
    private boolean json;

    @Override
    int run(BatchClient client, PrintWriter out) {
        return print(out, json, client.retry(batchId, tier), receipt -> List.of("batch " + receipt.batchId() + ": run "
                + receipt.run() + " resubmitted " + receipt.resubmitted() + " failed tasks"
                + (tier == null ? "" : " on " + tier) + "; follow it with: taskfleet watch " + receipt.batchId()));
    }
}
