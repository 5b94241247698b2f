package dev.taskfleet.launcher.cli;

import static dev.taskfleet.launcher.client.Statuses.counts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.launcher.TaskfleetCommand;
import dev.taskfleet.launcher.client.FakeProducer;
import dev.taskfleet.launcher.client.FakeProducer.Reply;
import dev.taskfleet.launcher.client.Statuses;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command as a user runs it ({@link TaskfleetCommand#commandLine()} with the arguments a
 * shell would pass), against {@link FakeProducer}; asserts the output and the exit code.
 */
class CliCommandsTest {

    private static final String KEY = "secret-key";
    private static final String RECEIPT = "{\"batchId\":\"b1\",\"accepted\":2,\"rejectedCount\":0,\"rejected\":[]}";

    @TempDir
    Path home;

    private FakeProducer producer;
    private StringWriter out;
    private StringWriter err;
    private String previousHome;

    @BeforeEach
    void start() throws Exception {
        producer = new FakeProducer().requireKey(KEY);
        // No stray .taskfleet/api-key of the developer's checkout: the home is a fresh directory.
        previousHome = System.setProperty("taskfleet.home", home.toString());
    }

    @AfterEach
    void stop() {
        producer.close();
        if (previousHome == null) {
            System.clearProperty("taskfleet.home");
        } else {
            System.setProperty("taskfleet.home", previousHome);
        }
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine commandLine = TaskfleetCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    /** The arguments plus {@code --url} of the fake producer and the right key. */
    private int call(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", producer.url().toString(), "--api-key", KEY));
        return run(all.toArray(String[]::new));
    }

    private Path batchFile(String name, String content) throws Exception {
        return Files.writeString(home.resolve(name), content);
    }

    private void scriptFinishedBatch(long fastFailed) {
        producer.on("GET /api/v1/batches/b1/events", Reply.events(
                "event: progress\ndata: " + Statuses.json("b1", "RUNNING", 2, counts(1, 0, 0), counts(0, 0, 0)) + "\n\n",
                "event: done\ndata: {}\n\n"));
        producer.on("GET /api/v1/batches/b1", Reply.json(200,
                Statuses.json("b1", "COMPLETED", 2, counts(1, fastFailed, 0), counts(1 - fastFailed, 0, 0))));
        producer.on("GET /api/v1/batches/b1/results", Reply.ndjson(
                Statuses.result("b1", "t1", "fast", "SUCCEEDED", 1000, 0.001),
                Statuses.result("b1", "t2", fastFailed > 0 ? "fast" : "quality", fastFailed > 0 ? "FAILED" : "SUCCEEDED",
                        3000, 0.01)));
    }

    @Test
    void submitStreamsTheFileWithTheKeyAndPrintsTheBatchId() throws Exception {
        producer.on("POST /api/v1/batches", Reply.json(202, RECEIPT));
        Path file = batchFile("batch.jsonl", "{\"type\":\"refactor\",\"prompt\":\"a\"}\n{\"type\":\"rename\",\"prompt\":\"b\"}\n");

        assertThat(call("submit", file.toString())).isZero();

        assertThat(out.toString()).isEqualTo("batch b1: 2 tasks accepted, 0 rejected\n");
        FakeProducer.Request request = producer.requests().get(0);
        assertThat(request.contentType()).isEqualTo("application/x-ndjson");
        assertThat(request.authorization()).isEqualTo("Bearer " + KEY);
        assertThat(request.body()).isEqualTo(Files.readString(file));
    }

    @Test
    void submitSendsTheDeadlineAndRefusesABadOneBeforeSendingAnything() throws Exception {
        producer.on("POST /api/v1/batches", Reply.json(202, RECEIPT));
        Path file = batchFile("bulk.jsonl", "{\"type\":\"bulk-docs\",\"prompt\":\"a\"}\n");

        assertThat(call("submit", file.toString(), "--deadline", "24h")).isZero();
        assertThat(producer.requests().get(0).query()).isEqualTo("deadline=24h");

        assertThat(call("submit", file.toString(), "--deadline", "tomorrow")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--deadline': 'tomorrow' is not a duration");
        assertThat(producer.requests()).as("the bad deadline never left the CLI").hasSize(1);
        assertThat(call("submit", file.toString())).isZero();
        assertThat(producer.requests().get(1).query()).as("no deadline, no parameter").isNull();
    }

    @Test
    void submitSendsThePriorityAndRefusesABadOneBeforeSendingAnythingInTheServersWords() throws Exception {
        producer.on("POST /api/v1/batches", Reply.json(202, RECEIPT.replace("\"rejected\":[]",
                "\"rejected\":[],\"priorities\":{\"interactive\":2}")));
        Path file = batchFile("urgent.jsonl", "{\"type\":\"refactor\",\"prompt\":\"a\"}\n");

        assertThat(call("submit", file.toString(), "--priority", "interactive")).isZero();
        assertThat(producer.requests().get(0).query()).isEqualTo("priority=interactive");
        assertThat(out.toString()).isEqualTo("batch b1: 2 tasks accepted (2 interactive), 0 rejected\n");
        assertThat(call("submit", file.toString(), "--deadline", "24h", "--priority", "bulk")).isZero();
        assertThat(producer.requests().get(1).query()).isEqualTo("deadline=24h&priority=bulk");

        assertThat(call("submit", file.toString(), "--priority", "urgent")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--priority': 'urgent' is not a priority; "
                + "use interactive, standard, bulk");
        assertThat(producer.requests()).as("the bad class never left the CLI").hasSize(2);
    }

    @Test
    void submitSendsAJsonArrayAsJsonAndPrintsTheReceiptAsJson() throws Exception {
        producer.on("POST /api/v1/batches", Reply.json(202, RECEIPT));
        Path file = batchFile("batch.txt", "  [{\"type\":\"refactor\",\"prompt\":\"a\"}]");

        assertThat(call("submit", file.toString(), "--json")).isZero();

        assertThat(producer.requests().get(0).contentType()).isEqualTo("application/json");
        assertThat(out.toString()).startsWith("{\"status\":202,\"batchId\":\"b1\",\"accepted\":2,").endsWith("}\n");
    }

    @Test
    void submitListsRejectedLinesAndAProblemIsOneErrorLine() throws Exception {
        producer.on("POST /api/v1/batches", Reply.json(400, "{\"title\":\"No valid tasks\",\"status\":400,"
                + "\"detail\":\"none of the tasks in the batch is valid (1 rejected); nothing was published\","
                + "\"rejectedCount\":1,\"rejected\":[{\"line\":1,\"field\":\"prompt\",\"error\":\"prompt: is required\"}]}"));

        assertThat(call("submit", batchFile("bad.jsonl", "{\"type\":\"x\"}\n").toString())).isEqualTo(1);

        assertThat(err.toString()).contains("  line 1: prompt: is required")
                .contains("taskfleet: 400 No valid tasks: none of the tasks in the batch is valid (1 rejected)");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void submitWaitShowsProgressAndASummaryAndExitsOneWhenTasksFailed() throws Exception {
        producer.on("POST /api/v1/batches", Reply.json(202, RECEIPT));
        scriptFinishedBatch(1);

        assertThat(call("submit", batchFile("b.jsonl", "{}\n").toString(), "--wait")).isEqualTo(1);

        assertThat(out.toString())
                .contains("batch b1 RUNNING: 1/2 finished (50%)")
                .contains("batch b1 COMPLETED: 2/2 finished (100%), 1 ok, 1 failed, 0 cancelled")
                .contains("  tier       tasks  succeeded  failed  cancelled     tokens  serial time  cost (USD)")
                .contains("  fast           2          1       1          0        300        4.0 s      0.0110")
                .contains("one call at a time this would have taken")
                .endsWith("batch b1 COMPLETED: 1 succeeded, 1 failed, 0 cancelled\n")
                .doesNotContain("\u001b");
    }

    @Test
    void watchExitsZeroWhenEveryTaskSucceededAndPrintsTheFinalStatusAsJson() {
        scriptFinishedBatch(0);

        assertThat(call("watch", "b1")).isZero();
        assertThat(out.toString()).contains("  quality        1          1       0");

        assertThat(call("watch", "b1", "--json")).isZero();
        assertThat(out.toString()).startsWith("{\"batchId\":\"b1\",\"team\":\"local\",\"state\":\"COMPLETED\"")
                .doesNotContain("tier ");
    }

    @Test
    void statusPrintsATableOrJson() {
        producer.on("GET /api/v1/batches/b1", Reply.json(200, Statuses.withTierTotals("b1", "RUNNING", 10,
                Statuses.tier(3, 1, 0, 7, 3), Statuses.tier(2, 0, 0, 3, -1))
                .replace("\"duplicatesDropped\":0,", "\"duplicatesDropped\":0,\"priorities\":{\"interactive\":4,\"bulk\":6},"
                        + "\"routerQueue\":{\"notRouted\":4,\"ahead\":120},")));

        assertThat(call("status", "b1")).isZero();
        assertThat(out.toString()).contains("state        RUNNING", "progress     6/10 finished (60%), 4 queued",
                "priority     4 interactive, 6 bulk",
                "router       4 tasks not routed yet, 120 of earlier batches ahead",
                "tier         tasks  succeeded  failed  cancelled  esc in esc out      eta",
                "fast             7          3       1          0       0       0    3.0 s",
                "quality          3          2       0          0       0       0        ?",
                "total           10          5       1          0       0       0    4.0 s");

        assertThat(call("status", "b1", "--json")).isZero();
        assertThat(out.toString()).contains("\"finished\":6", "\"tiers\":{\"fast\":{\"succeeded\":3,\"failed\":1,",
                        "\"priorities\":{\"interactive\":4,\"bulk\":6}")
                .doesNotContain("someFutureField").hasLineCount(1);
    }

    @Test
    void resultsPrintATableOrNdjsonOrWriteAFileWithTheStatusFilter() throws Exception {
        String line1 = Statuses.result("b1", "t1", "fast", "FAILED", 1200, 0.002);
        producer.on("GET /api/v1/batches/b1/results", Reply.ndjson(line1));

        assertThat(call("results", "b1", "--status", "FAILED")).isZero();
        assertThat(producer.requests().get(0).query()).isEqualTo("status=failed");
        assertThat(out.toString()).contains("t1", "FAILED", "fast", "1200 ms", "MODEL_ERROR: simulated failure")
                .endsWith("1 results\n");

        assertThat(call("results", "b1", "--json")).isZero();
        assertThat(out.toString()).isEqualTo(line1 + "\n");

        Path file = home.resolve("out.ndjson");
        assertThat(call("results", "b1", "-o", file.toString())).isZero();
        assertThat(Files.readString(file)).isEqualTo(line1 + "\n");
        assertThat(out.toString()).contains("wrote 1 results of batch b1 to " + file);
    }

    @Test
    void retrySendsTheTierAndAConflictIsAnError() {
        producer.on("POST /api/v1/batches/b1/retry",
                Reply.json(202, "{\"batchId\":\"b1\",\"run\":2,\"resubmitted\":4}"),
                Reply.problem(409, "Conflict", "nothing failed in batch b1"));

        assertThat(call("retry", "b1", "--tier", "quality")).isZero();
        assertThat(out.toString()).startsWith("batch b1: run 2 resubmitted 4 failed tasks on quality");
        assertThat(producer.requests().get(0).body()).isEqualTo("{\"tier\":\"quality\"}");

        assertThat(call("retry", "b1")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("taskfleet: 409 Conflict: nothing failed in batch b1\n");
    }

    @Test
    void cancelPrintsTheNewState() {
        producer.on("POST /api/v1/batches/b1/cancel", Reply.json(202, "{\"batchId\":\"b1\",\"state\":\"CANCELLED\"}"));

        assertThat(call("cancel", "b1")).isZero();
        assertThat(out.toString()).isEqualTo("batch b1: CANCELLED\n");

        assertThat(call("cancel", "b1", "--json")).isZero();
        assertThat(out.toString()).isEqualTo("{\"batchId\":\"b1\",\"state\":\"CANCELLED\"}\n");
    }

    @Test
    void listShowsOnePageWithTheNextCursorOrFollowsAllPages() {
        scriptTwoPages();
        assertThat(call("list", "--limit", "1")).isZero();
        assertThat(out.toString()).contains("b2", "RUNNING", "1/4").endsWith("more: taskfleet list --cursor c2\n");

        scriptTwoPages();
        assertThat(call("list", "--limit", "1", "--all")).isZero();
        assertThat(out.toString()).contains("b1", "COMPLETED", "2/2").doesNotContain("more:");
        assertThat(producer.requests().get(2).query()).isEqualTo("limit=1&cursor=c2");
    }

    private void scriptTwoPages() {
        producer.on("GET /api/v1/batches",
                Reply.json(200, "{\"batches\":[" + Statuses.json("b2", "RUNNING", 4, counts(1, 0, 0), counts(0, 0, 0))
                        + "],\"nextCursor\":\"c2\"}"),
                Reply.json(200, "{\"batches\":[" + Statuses.json("b1", "COMPLETED", 2, counts(2, 0, 0), counts(0, 0, 0))
                        + "],\"nextCursor\":null}"));
    }

    @Test
    void aWrongKeyExitsThree() {
        assertThat(run("status", "b1", "--url", producer.url().toString(), "--api-key", "wrong")).isEqualTo(3);

        assertThat(err.toString()).isEqualTo("taskfleet: 401 Unauthorized: missing or unknown API key\n");
    }

    @Test
    void withoutAKeyOptionTheLocalKeyFileIsUsed() throws Exception {
        Files.createDirectories(home.resolve(".taskfleet"));
        Files.writeString(home.resolve(".taskfleet/api-key"), KEY + "\n");
        producer.on("GET /api/v1/batches/b1", Reply.json(200,
                Statuses.json("b1", "COMPLETED", 1, counts(1, 0, 0), counts(0, 0, 0))));

        assertThat(run("status", "b1", "--url", producer.url().toString())).isZero();
        assertThat(producer.requests().get(0).authorization()).isEqualTo("Bearer " + KEY);
    }

    @Test
    void anUnreachableServerExitsThree() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        assertThat(run("status", "b1", "--url", "http://localhost:" + port, "--api-key", KEY)).isEqualTo(3);
        assertThat(err.toString()).startsWith("taskfleet: cannot reach the producer at http://localhost:" + port);
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("status")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter: 'ID'");
        assertThat(run("results", "b1", "--status", "lost")).isEqualTo(2);
        assertThat(run("status", "b1", "--url", "not a url")).isEqualTo(2);
        assertThat(err.toString()).contains("--url 'not a url' is not a URL");
        assertThat(run("submit", home.resolve("missing.jsonl").toString(), "--url", producer.url().toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("does not exist");
    }
}
