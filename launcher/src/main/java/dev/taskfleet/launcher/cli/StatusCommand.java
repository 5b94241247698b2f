package dev.taskfleet.launcher.cli;

import dev.taskfleet.launcher.client.BatchStatus;
import dev.taskfleet.launcher.progress.StatusText;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code taskfleet status ID}. */
@Command(name = "status", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER,
        description = "Shows where a batch stands: state, progress, tokens, cost and the finished tasks per tier.")
public final class StatusCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "ID", description = "The batch id.")
    private String batchId;

    @Option(names = "--json", description = "Print the status as one JSON line.")
    private boolean json;

    @Override
    public Integer call() {
        BatchStatus status = connection.client().status(batchId);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, status);
        } else {
            StatusText.table(status).forEach(out::println);
            out.flush();
        }
        return ExitCodes.OK;
    }
}
