package dev.taskfleet.launcher.cli;

import dev.taskfleet.launcher.client.BatchClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code taskfleet watch ID}. */
@Command(name = "watch", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER,
        description = "Follows a batch with live progress per tier until it is completed, or cancelled or stopped at "
                + "its budget with every task's result in, then prints a summary table; exit 1 when tasks failed or "
                + "the batch was stopped.")
public final class WatchCommand extends BatchCommand {

    @Mixin
    private WaitOptions waiting;

    @Option(names = "--json", description = "No progress; print the final status as one JSON line.")
    private boolean json;

    @Override
    int run(BatchClient client, PrintWriter out) {
        return waiting.await(client, batchId, json, out);
    }
}
