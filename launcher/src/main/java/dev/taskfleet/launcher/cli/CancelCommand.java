package dev.taskfleet.launcher.cli;

import dev.taskfleet.launcher.client.BatchClient;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code taskfleet cancel ID}. */
@Command(name = "cancel", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER,
        description = "Cancels a batch: tasks whose model call has not started finish as CANCELLED.")
public final class CancelCommand extends BatchCommand {

    @Option(names = "--json", description = "Print the receipt as one JSON line.")
    private boolean json;

    @Override
    int run(BatchClient client, PrintWriter out) {
        return print(out, json, client.cancel(batchId), receipt -> List.of("batch " + receipt.batchId() + ": "
                + receipt.state()));
    }
}
