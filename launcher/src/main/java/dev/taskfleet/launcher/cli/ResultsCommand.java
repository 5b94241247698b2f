package dev.taskfleet.launcher.cli;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.EventDecodingException;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.launcher.client.BatchClient;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code taskfleet results ID [-o FILE] [--status S]}: streamed, never held whole. */
@Command(name = "results", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER,
        description = "Prints the final result of each task of a batch (newest run, de-duplicated): a table on "
                + "standard output, or the NDJSON the server sends with --json or -o.")
public final class ResultsCommand extends BatchCommand {

    /** The result statuses the server can filter on. */
    enum StatusFilter { succeeded, failed, cancelled, budget_exceeded }

    private static final int DETAIL_WIDTH = 60;
    private static final String ROW = "%-24s %-10s %-10s %4s %8s %9s %11s  %s";

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the results as NDJSON to FILE.")
    private Path output;

    @Option(names = "--status", paramLabel = "STATUS",
            description = "Only results with this status: ${COMPLETION-CANDIDATES}.")
    private StatusFilter status;

    @Option(names = "--json", description = "Print the results as NDJSON, one TaskResult per line.")
    private boolean json;

    @Override
    int run(BatchClient client, PrintWriter out) {
        String filter = status == null ? null : status.name();
        if (output != null) {
            long written = toFile(client, filter);
            out.println("wrote " + written + " results of batch " + batchId + " to " + output);
        } else if (json) {
            client.results(batchId, filter, out::println);
        } else {
            out.println(String.format(Locale.ROOT, ROW, "task", "status", "tier", "run", "attempts", "latency",
                    "cost (USD)", "output or error"));
            long count = client.results(batchId, filter, line -> out.println(row(line)));
            out.println(count + " results");
        }
        return ExitCodes.OK;
    }

    private long toFile(BatchClient client, String filter) {
        try (BufferedWriter writer = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            return client.results(batchId, filter, line -> {
                try {
                    writer.write(line);
                    writer.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + output + ": " + e.getMessage(), e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output + ": " + e.getMessage(), e);
        }
    }

    static String row(String line) {
        TaskResult result;
        try {
            result = EventCodec.decodeResult(line);
        } catch (EventDecodingException e) {
            return "(a line this CLI cannot read: " + e.getMessage() + ")";
        }
        String detail = result.error() != null ? result.error().code() + ": " + result.error().message()
                : result.output() == null ? "" : result.output();
        detail = detail.replaceAll("\\s+", " ").strip();
        if (detail.length() > DETAIL_WIDTH) {
            detail = detail.substring(0, DETAIL_WIDTH - 3) + "...";
        }
        return String.format(Locale.ROOT, ROW, result.taskId(), result.status(), result.tier(), result.run(),
                result.attempts(), result.latencyMs() + " ms", String.format(Locale.ROOT, "%.4f", result.costUsd()),
                detail);
    }
}
