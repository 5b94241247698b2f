package dev.taskfleet.launcher.cli;

import dev.taskfleet.launcher.client.RetryReceipt;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code taskfleet retry ID [--tier T]}. */
@Command(name = "retry", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER,
        description = "Runs the failed tasks of a finished batch again, as the next run; the server answers 409 "
                + "(exit 1) when nothing failed or the batch is still running.")
public final class RetryCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "ID", description = "The batch id.")
    private String batchId;

    @Option(names = "--tier", paramLabel = "TIER", description = "Ask for this tier (sent as the tasks' tier hint).")
    private String tier;

    @Option(names = "--json", description = "Print the receipt as one JSON line.")
    private boolean json;

    @Override
    public Integer call() {
        RetryReceipt receipt = connection.client().retry(batchId, tier);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, receipt);
        } else {
            out.println("batch " + receipt.batchId() + ": run " + receipt.run() + " resubmitted "
                    + receipt.resubmitted() + " failed tasks" + (tier == null ? "" : " on " + tier)
                    + "; follow it with: taskfleet watch " + receipt.batchId());
            out.flush();
        }
        return ExitCodes.OK;
    }
}
