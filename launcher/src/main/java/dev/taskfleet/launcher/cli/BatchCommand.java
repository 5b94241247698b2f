package dev.taskfleet.launcher.cli;

import dev.taskfleet.launcher.client.BatchClient;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * A command about one batch, {@code taskfleet <command> ID [--url U] [--api-key K]}: it gets a
 * client for the chosen producer, asks about the batch and prints the answer. An error answer or
 * an unreachable producer is thrown and becomes the exit code of {@link ExitCodes#of}.
 */
abstract class BatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "ID", description = "The batch id.")
    String batchId;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int exitCode = run(connection.client(), out);
        out.flush();
        return exitCode;
    }

    /** Asks the producer about {@link #batchId} and prints the answer; returns the exit code. */
    abstract int run(BatchClient client, PrintWriter out);

    /** Prints {@code answer} as one JSON line when {@code json}, else as {@code text}'s lines. */
    static <T> int print(PrintWriter out, boolean json, T answer, Function<T, List<String>> text) {
        if (json) {
            JsonOutput.print(out, answer);
        } else {
            text.apply(answer).forEach(out::println);
        }
        return ExitCodes.OK;
    }
}
