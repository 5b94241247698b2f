package dev.taskfleet.launcher.cli;

import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.progress.StatusText;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code taskfleet status ID}. */
@Command(name = "status", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER,
        description = "Shows where a batch stands: state, progress, tokens, cost and the finished tasks per tier.")
public final class StatusCommand extends BatchCommand {

    @Option(names = "--json", description = "Print the status as one JSON line.")
    private boolean json;

    @Override
    int run(BatchClient client, PrintWriter out) {
        return print(out, json, client.status(batchId), StatusText::table);
    }
}
