package dev.taskfleet.launcher.cli;

import dev.taskfleet.launcher.client.CancelReceipt;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code taskfleet cancel ID}. */
@Command(name = "cancel", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER,
        description = "Cancels a batch: tasks whose model call has not started finish as CANCELLED.")
public final class CancelCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "ID", description = "The batch id.")
    private String batchId;

    @Option(names = "--json", description = "Print the receipt as one JSON line.")
    private boolean json;

    @Override
    public Integer call() {
        CancelReceipt receipt = connection.client().cancel(batchId);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, receipt);
        } else {
            out.println("batch " + receipt.batchId() + ": " + receipt.state());
            out.flush();
        }
        return ExitCodes.OK;
    }
}
