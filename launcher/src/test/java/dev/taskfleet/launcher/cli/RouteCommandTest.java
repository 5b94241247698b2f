package dev.taskfleet.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.launcher.TaskfleetCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code taskfleet route --explain}: local, no server involved. */
class RouteCommandTest {

    private static final String BATCH = """
            {"id":"r-1","type":"rename","prompt":"Rename getUser to fetchUser in src/api/Users.java."}
            {"id":"r-2","type":"security-review","prompt":"Audit the upload path for path traversal and a race in the session cache; weigh the design trade-off."}
            """;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = TaskfleetCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void explainsEveryTaskWithTheDefaultPolicyAsATable() throws Exception {
        Path batch = Files.writeString(dir.resolve("batch.jsonl"), BATCH);

        assertThat(run("route", "--explain", batch.toString())).isZero();

        assertThat(out.toString()).contains("r-1", "r-2", "rename", "security-review", "fast");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void printsOneJsonLinePerTaskWithItsDecision() throws Exception {
        Path batch = Files.writeString(dir.resolve("batch.json"), "[" + String.join(",", BATCH.strip().lines().toList()) + "]");

        assertThat(run("route", "--explain", batch.toString(), "--json", "--tiers", "fast,quality")).isZero();

        assertThat(out.toString().lines()).hasSize(2).allSatisfy(line ->
                assertThat(line).contains("\"tier\":", "\"rule\":", "\"explanation\":", "\"id\":\"r-"));
    }

    @Test
    void aPolicyWithAMistakeIsAUsageErrorNamingTheFileAndLine() throws Exception {
        Path batch = Files.writeString(dir.resolve("batch.jsonl"), BATCH);
        Path policy = Files.writeString(dir.resolve("bad-policy.yaml"), "tiers: [fast, quality]\nrules:\n  - id: [unclosed\n");

        assertThat(run("route", "--explain", batch.toString(), "--policy", policy.toString())).isEqualTo(2);

        assertThat(err.toString()).matches("(?s)taskfleet: .*bad-policy\\.yaml:\\d+: .+\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anInvalidTaskIsReportedAndTheRestExplained() throws Exception {
        Path batch = Files.writeString(dir.resolve("batch.jsonl"), BATCH + "{\"type\":\"refactor\"}\n");

        assertThat(run("route", "--explain", batch.toString())).isEqualTo(1);

        assertThat(err.toString()).contains("taskfleet: task 3: ").contains("prompt");
        assertThat(out.toString()).contains("r-1", "r-2");
    }

    @Test
    void withoutTheFileItIsAUsageError() {
        assertThat(run("route")).isEqualTo(2);
        assertThat(err.toString()).contains("--explain");
    }
}
