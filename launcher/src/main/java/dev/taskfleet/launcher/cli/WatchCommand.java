package dev.taskfleet.launcher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code taskfleet watch ID}. */
@Command(name = "watch", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER,
        description = "Follows a batch with live progress per tier until it is completed or cancelled, then prints "
                + "a summary table; exit 1 when tasks failed or the batch was cancelled.")
public final class WatchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private WaitOptions waiting;

    @Parameters(index = "0", paramLabel = "ID", description = "The batch id.")
    private String batchId;

    @Option(names = "--json", description = "No progress; print the final status as one JSON line.")
    private boolean json;

    @Override
    public Integer call() {
        return waiting.await(connection.client(), batchId, json, spec.commandLine().getOut());
    }
}
