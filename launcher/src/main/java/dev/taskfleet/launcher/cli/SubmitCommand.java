package dev.taskfleet.launcher.cli;

import dev.taskfleet.api.BatchApi;
import dev.taskfleet.api.RejectedTask;
import dev.taskfleet.contract.Deadlines;
import dev.taskfleet.contract.InvalidTaskException;
import dev.taskfleet.contract.Priority;
import dev.taskfleet.launcher.client.ApiException;
import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.client.SubmitResponse;
import dev.taskfleet.launcher.progress.StatusText;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code taskfleet submit FILE|-}: streams a batch to the producer, optionally waiting for it. */
@Command(name = "submit", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER,
        description = "Submits a batch: JSONL (one task per line) or a JSON array, from a file or '-' for "
                + "standard input. The file is streamed, never loaded whole.")
public final class SubmitCommand implements Callable<Integer> {

    /** Rejected lines listed before "... and N more". */
    static final int REJECTIONS_SHOWN = 10;

    /** The body's format. */
    enum Format { jsonl, json }

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private WaitOptions waiting;

    @Parameters(index = "0", paramLabel = "FILE|-", description = "The batch file, or '-' for standard input.")
    private String file;

    @Option(names = "--format", paramLabel = "jsonl|json",
            description = "The body's format (default: json for a .json file or a body starting with '[', else jsonl).")
    private Format format;

    @Option(names = "--wait", description = "Follow the batch with live progress, then print a summary table; "
            + "exit 1 when tasks failed.")
    private boolean await;

    @Option(names = "--deadline", paramLabel = "WAIT",
            description = "How long you are willing to wait for the results (90m, 2h, 24h, 3d or PT24H), for every "
                    + "task that names no deadline of its own; the routing policy may send work that can wait to a "
                    + "cheaper batch tier. Checked here before anything is sent.")
    private String deadline;

    @Option(names = "--priority", paramLabel = "CLASS",
            description = "The priority class of every task that names none of its own: interactive, standard "
                    + "(the default) or bulk. Within your team's share a worker starts interactive work first, then "
                    + "standard, then bulk; your team may be limited to some of them. Checked here before anything "
                    + "is sent.")
    private String priority;

    @Option(names = "--json", description = "Print the producer's receipt as one JSON line (with --wait, the final "
            + "status as a second line) instead of text.")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        checkDeadline();
        checkPriority();
        BatchClient client = connection.client();
        SubmitResponse response;
        try (InputStream body = open()) {
            BufferedInputStream buffered = new BufferedInputStream(body);
            response = client.submit(buffered, mediaType(buffered), deadline, priority);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        reportRejections(response, err);
        if (!response.isAccepted()) {
            throw new ApiException(response.problem());
        }
        if (json) {
            JsonOutput.print(out, response);
        } else {
            out.printf(Locale.ROOT, "batch %s: %d tasks accepted%s, %d rejected%n", response.batchId(),
                    response.accepted(), classes(response.receipt().priorities()), response.rejectedCount());
            out.flush();
        }
        return await ? waiting.await(client, response.batchId(), json, out) : ExitCodes.OK;
    }

    /** {@code " (10 interactive, 990 bulk)"}, when a class other than standard was accepted; a plain batch says nothing. */
    private static String classes(Map<String, Long> priorities) {
        boolean plain = priorities.keySet().stream().allMatch(Priority.STANDARD.wireName()::equals);
        return plain ? "" : " (" + StatusText.prioritiesText(priorities) + ")";
    }

    private void checkDeadline() {
        if (deadline == null) {
            return;
        }
        try {
            Deadlines.parse(deadline, "--" + Deadlines.FIELD);
        } catch (InvalidTaskException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--deadline': " + e.problem());
        }
    }

    /** The server's own check and words, so a typo costs no upload. */
    private void checkPriority() {
        if (priority == null) {
            return;
        }
        try {
            Priority.parse(priority, "--" + Priority.FIELD);
        } catch (InvalidTaskException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--priority': " + e.problem());
        }
    }

    private InputStream open() throws IOException {
        if (file.equals("-")) {
            return new NonClosingStdin();
        }
        try {
            return Files.newInputStream(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("the batch file " + file + " does not exist", e);
        }
    }

    /** The media type: from {@code --format}, the file's extension, or the first non-blank byte. */
    private String mediaType(BufferedInputStream body) throws IOException {
        Format chosen = format;
        if (chosen == null && file.toLowerCase(Locale.ROOT).endsWith(".json")) {
            chosen = Format.json;
        }
        if (chosen == null) {
            chosen = firstNonBlank(body) == '[' ? Format.json : Format.jsonl;
        }
        return chosen == Format.json ? BatchApi.JSON : BatchApi.NDJSON;
    }

    private static int firstNonBlank(BufferedInputStream body) throws IOException {
        body.mark(8192);
        try {
            for (int b = body.read(), read = 1; b >= 0 && read < 8192; b = body.read(), read++) {
                if (!Character.isWhitespace(b)) {
                    return b;
                }
            }
            return -1;
        } finally {
            body.reset();
        }
    }

    private static void reportRejections(SubmitResponse response, PrintWriter err) {
        if (response.rejected().isEmpty()) {
            return;
        }
        err.println("taskfleet: " + response.rejectedCount() + " tasks were rejected:");
        for (RejectedTask rejection : response.rejected().subList(0, Math.min(REJECTIONS_SHOWN, response.rejected().size()))) {
            err.println("  line " + rejection.line() + (rejection.id() == null ? "" : " (" + rejection.id() + ")")
                    + ": " + rejection.error());
        }
        if (response.rejectedCount() > REJECTIONS_SHOWN) {
            err.println("  ... and " + (response.rejectedCount() - REJECTIONS_SHOWN) + " more");
        }
        err.flush();
    }

    /** Standard input, left open for the JVM when the request is done with it. */
    private static final class NonClosingStdin extends FilterInputStream {
        NonClosingStdin() {
            super(System.in);
        }

        @Override
        public void close() {
            // System.in belongs to the JVM.
        }
    }
}
