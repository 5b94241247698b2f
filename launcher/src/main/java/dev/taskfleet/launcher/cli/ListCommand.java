package dev.taskfleet.launcher.cli;

import dev.taskfleet.api.BatchPage;
import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.progress.StatusText;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code taskfleet list}: the caller's team's batches, newest first. */
@Command(name = "list", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER,
        description = "Lists your team's batches, newest first, a page at a time.")
public final class ListCommand implements Callable<Integer> {

    private static final String ROW = "%-38s %-10s %4s %13s %10s %7s %10s  %s";

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "Batches per page (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "Start at this page (printed after the last one).")
    private String cursor;

    @Option(names = "--all", description = "Follow every page to the end.")
    private boolean all;

    @Option(names = "--json", description = "Print each page as one JSON line: {batches, nextCursor}.")
    private boolean json;

    @Override
    public Integer call() {
        BatchClient client = connection.client();
        PrintWriter out = spec.commandLine().getOut();
        if (!json) {
            out.println(String.format(Locale.ROOT, ROW, "batch", "state", "run", "finished", "succeeded", "failed",
                    "cost (USD)", "accepted at"));
        }
        String next = cursor;
        do {
            BatchPage page = client.list(limit, next);
            if (json) {
                JsonOutput.print(out, page);
            } else {
                page.batches().forEach(batch -> out.println(row(batch)));
            }
            next = page.nextCursor();
        } while (all && next != null);
        if (!json && next != null) {
            out.println("more: taskfleet list --cursor " + next);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String row(BatchStatus batch) {
        return String.format(Locale.ROOT, ROW, batch.batchId(), StatusText.state(batch), batch.run(),
                batch.finished() + "/" + batch.total(), batch.succeeded(), batch.failed(),
                String.format(Locale.ROOT, "%.4f", batch.costUsd()), batch.acceptedAt());
    }
}
