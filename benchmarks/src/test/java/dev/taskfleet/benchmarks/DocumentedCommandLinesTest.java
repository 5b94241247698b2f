package dev.taskfleet.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.taskfleet.benchmarks.batchtier.BatchTierOptions;
import dev.taskfleet.benchmarks.calculus.CalculusOptions;
import dev.taskfleet.benchmarks.forwarding.ForwardingOptions;
import dev.taskfleet.benchmarks.history.HistoryOptions;
import dev.taskfleet.benchmarks.pipeline.PipelineOptions;
import dev.taskfleet.benchmarks.quota.QuotaOptions;
import dev.taskfleet.benchmarks.submission.SubmissionOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/BENCHMARKS.md is how people run the harnesses, so its commands must keep working: every
 * harness command line it quotes parses, and every option its {@code # options:} lines list
 * exists, with the default shown there (or a placeholder such as {@code DIR} that is the option's
 * own parameter label).
 */
class DocumentedCommandLinesTest {

    private static final Path DOC = Path.of("..", "docs", "BENCHMARKS.md");
    /** The jar's manifest runs InFlightBenchmark (see the module's pom). */
    private static final String JAR = "benchmarks/target/taskfleet-benchmarks.jar";
    private static final Map<String, Supplier<HarnessOptions>> HARNESSES = Map.of(
            "dev.taskfleet.benchmarks.InFlightBenchmark", BenchmarkOptions::new,
            "dev.taskfleet.benchmarks.FairnessBenchmark", FairnessOptions::new,
            "dev.taskfleet.benchmarks.submission.SubmissionBenchmark", SubmissionOptions::new,
            "dev.taskfleet.benchmarks.forwarding.RouterThroughputBenchmark", ForwardingOptions::new,
            "dev.taskfleet.benchmarks.calculus.CalculusBenchmark", CalculusOptions::new,
            "dev.taskfleet.benchmarks.batchtier.BatchTierBenchmark", BatchTierOptions::new,
            "dev.taskfleet.benchmarks.quota.QuotaBenchmark", QuotaOptions::new,
            "dev.taskfleet.benchmarks.pipeline.PipelineOverheadBenchmark", PipelineOptions::new,
            "dev.taskfleet.benchmarks.history.HistoryBenchmark", HistoryOptions::new);
    /** JMH's own command line, not ours. */
    private static final String JMH = "org.openjdk.jmh.Main";
    private static final Pattern OPTION = Pattern.compile("(--[a-z-]+)(?:=(\\S+))?");

    /** One harness command from the document: its arguments and the options its comment lists. */
    private record Documented(String harness, List<String> args, List<String> listedOptions) {
    }

    @Test
    void everyQuotedHarnessCommandLineParses() throws IOException {
        List<Documented> commands = commands();

        assertThat(commands).extracting(Documented::harness).containsAll(HARNESSES.keySet());
        for (Documented command : commands) {
            assertThatCode(() -> HarnessOptions.parse(HARNESSES.get(command.harness()).get(),
                    command.args().toArray(String[]::new))).as("%s %s", command.harness(), command.args())
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void everyListedOptionExistsWithTheDocumentedDefault() throws IOException {
        List<Documented> commands = commands();

        assertThat(commands).allSatisfy(command -> assertThat(command.listedOptions()).as(command.harness()).isNotEmpty());
        for (Documented command : commands) {
            CommandLine commandLine = new CommandLine(HARNESSES.get(command.harness()).get());
            for (String listed : command.listedOptions()) {
                Matcher option = OPTION.matcher(listed);
                assertThat(option.matches()).as(listed).isTrue();
                OptionSpec spec = commandLine.getCommandSpec().findOption(option.group(1));
                assertThat(spec).as("%s of %s", option.group(1), command.harness()).isNotNull();
                String shown = option.group(2);
                if (shown != null) {
                    assertThat(shown).as("%s of %s", listed, command.harness()).satisfiesAnyOf(
                            value -> assertThat(value).isEqualTo(spec.defaultValue()),
                            value -> assertThat(value).startsWith(spec.paramLabel()));
                }
            }
        }
    }

    /** The harness commands in the document's bash blocks, continuation lines joined. */
    private static List<Documented> commands() throws IOException {
        List<Documented> commands = new ArrayList<>();
        boolean inBash = false;
        StringBuilder logical = new StringBuilder();
        for (String line : Files.readAllLines(DOC)) {
            if (line.startsWith("```")) {
                inBash = line.equals("```bash");
                continue;
            }
            if (!inBash) {
                continue;
            }
            if (line.endsWith("\\")) {
                logical.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            String command = logical.append(line).toString().trim();
            logical.setLength(0);
            if (command.startsWith("java ")) {
                commands.add(harnessCommand(command.replaceAll("\\s+#.*$", "")));
            } else if (command.startsWith("#") && !commands.isEmpty() && command.contains("--")) {
                Documented last = commands.get(commands.size() - 1);
                Matcher option = OPTION.matcher(command);
                while (option.find()) {
                    last.listedOptions().add(option.group());
                }
            }
        }
        commands.removeIf(command -> command.harness().equals(JMH));
        return commands;
    }

    private static Documented harnessCommand(String command) {
        List<String> tokens = Arrays.stream(command.split("\\s+")).map(token -> token.replace("\"", "")).toList();
        int jar = tokens.indexOf("-jar");
        if (jar >= 0 && tokens.get(jar + 1).equals(JAR)) {
            return new Documented("dev.taskfleet.benchmarks.InFlightBenchmark", tokens.subList(jar + 2, tokens.size()),
                    new ArrayList<>());
        }
        for (int i = 0; i < tokens.size(); i++) {
            if (HARNESSES.containsKey(tokens.get(i)) || tokens.get(i).equals(JMH)) {
                return new Documented(tokens.get(i), tokens.subList(i + 1, tokens.size()), new ArrayList<>());
            }
        }
        throw new AssertionError("a java command that runs no harness this test knows: " + command);
    }
}
