package dev.taskfleet.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Writes the groups of the rendered PrometheusRule as a plain Prometheus rules file
 * ({@code target/prometheus/taskfleet-rules.yaml}) and, where Prometheus's {@code promtool} is on
 * the PATH, checks it and runs the alert unit tests of {@code deploy/prometheus/tests/} on it.
 * Without promtool those two tests are skipped.
 */
class PrometheusRulesFileTest {

    static final Path RULES = Path.of("target/prometheus/taskfleet-rules.yaml").toAbsolutePath();
    private static final Path ALERT_TESTS = Chart.DIR.resolve("../../deploy/prometheus/tests").normalize();
    private static final YAMLMapper YAML = new YAMLMapper();

    @BeforeAll
    static void writeRulesFile() throws IOException {
        JsonNode rule = Chart.release("tf").set("prometheusRule.enabled", true)
                .set("prometheusRule.providerAuthFailures.enabled", true)
                .render().get("PrometheusRule", "tf-taskfleet");
        ObjectNode file = YAML.createObjectNode();
        file.set("groups", rule.at("/spec/groups"));
        Files.createDirectories(RULES.getParent());
        YAML.writeValue(RULES.toFile(), file);
    }

    @Test
    void rulesFileHoldsEveryGroup() throws IOException {
        assertThat(YAML.readTree(RULES.toFile()).path("groups").findValuesAsText("name"))
                .containsExactly("taskfleet.tiers", "taskfleet.teams", "taskfleet.dlq", "taskfleet.escalations", "taskfleet.api",
                        "taskfleet.provider");
    }

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        assertThat(promtool("check", "rules", RULES.toString())).contains("SUCCESS");
    }

    @Test
    void alertUnitTestsPass() throws Exception {
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        try (var files = Files.list(ALERT_TESTS)) {
            files.filter(f -> f.toString().endsWith(".test.yaml")).sorted().forEach(f -> args.add(f.toString()));
        }
        assertThat(args).hasSizeGreaterThan(2);
        assertThat(promtool(args.toArray(String[]::new))).contains("SUCCESS");
    }

    /** Runs promtool with the rules file in reach of the alert tests; skips the test without promtool. */
    private static String promtool(String... args) throws Exception {
        assumeTrue(onPath("promtool"), "promtool is not on the PATH (Debian: apt-get install prometheus)");
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("promtool %s:%n%s", String.join(" ", args), output).isZero();
        return output;
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
