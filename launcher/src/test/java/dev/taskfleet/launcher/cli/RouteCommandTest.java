package dev.taskfleet.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.launcher.TaskfleetCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    void aTaskWithoutATypeIsRoutedOnItsPrompt() throws Exception {
        Path batch = Files.writeString(dir.resolve("prompt-only.jsonl"),
                "{\"id\":\"p-1\",\"prompt\":\"Find the race in the session cache and weigh the security trade-off.\"}\n");

        assertThat(run("route", "--explain", batch.toString(), "--json")).isZero();

        assertThat(out.toString()).contains("\"id\":\"p-1\"", "\"tier\":\"quality\"", "\"rule\":\"heuristic\"");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void estimatesTheCostPerTierAgainstAllFastAndAllQuality() throws Exception {
        Path batch = Files.writeString(dir.resolve("batch.jsonl"), BATCH);

        assertThat(run("route", "--explain", batch.toString(), "--estimate")).isZero();

        assertThat(out.toString()).contains("r-1", "Estimate: one call per task")
                .containsPattern("routed +fast +1 ")
                .containsPattern("routed +quality +1 ")
                .containsPattern("routed +total +2 ")
                .containsPattern("all fast +fast +2 ")
                .containsPattern("all quality +quality +2 ")
                .containsPattern("routed costs [0-9.]+% of the cost of all quality");
    }

    @Test
    void theJsonEstimateIsOneLastLine() throws Exception {
        Path batch = Files.writeString(dir.resolve("batch.jsonl"), BATCH);

        assertThat(run("route", "--explain", batch.toString(), "--estimate", "--json")).isZero();

        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(3);
        JsonNode estimate = EventCodec.mapper().readTree(lines.get(2)).get("estimate");
        assertThat(estimate).hasSize(3);
        assertThat(estimate.get(0).get("name").asText()).isEqualTo("routed");
        assertThat(estimate.get(0).get("total").get("tasks").asInt()).isEqualTo(2);
        assertThat(estimate.get(2).get("name").asText()).isEqualTo("all quality");
        assertThat(estimate.get(2).get("total").get("outputTokens").asLong()).isEqualTo(1000);
    }

    @Test
    void aDeadlineSendsBulkWorkToTheBatchTierTheRuleNamesAndTheExplanationSaysSo() throws Exception {
        Path batch = Files.writeString(dir.resolve("bulk.jsonl"), """
                {"id":"b-1","type":"bulk-docs","prompt":"Add a docstring to Users.fetch."}
                {"id":"b-2","type":"bulk-docs","prompt":"Add a docstring to Users.store.","deadline":"30m"}
                """);
        Path policy = Files.writeString(dir.resolve("policy.yaml"), """
                tiers: [fast, fast-batch, quality]
                batchTiers: [fast-batch]
                rules:
                  - id: bulk-can-wait
                    tier: fast-batch
                    match: {type: "bulk*", deadline: {min: 2h}}
                """);

        assertThat(run("route", "--explain", batch.toString(), "--policy", policy.toString(), "--deadline", "24h",
                "--json")).isZero();

        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).contains("\"tier\":\"fast-batch\"", "\"rule\":\"bulk-can-wait\"",
                "the submitter waits up to 1d");
        assertThat(lines.get(1)).as("its own deadline of 30m wins").contains("\"tier\":\"fast\"");
        assertThat(run("route", "--explain", batch.toString(), "--deadline", "later")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--deadline': 'later' is not a duration");
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
