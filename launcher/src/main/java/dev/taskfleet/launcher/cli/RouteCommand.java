package dev.taskfleet.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskfleet.config.FleetDefaults;
import dev.taskfleet.config.TierCatalog;
import dev.taskfleet.contract.Deadlines;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.InvalidTaskException;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskLimits;
import dev.taskfleet.contract.TaskValidator;
import dev.taskfleet.launcher.estimate.CostEstimate;
import dev.taskfleet.launcher.estimate.EstimateTable;
import dev.taskfleet.policy.ExplainTable;
import dev.taskfleet.policy.OutcomeStats;
import dev.taskfleet.policy.PolicyDecision;
import dev.taskfleet.policy.PolicyException;
import dev.taskfleet.policy.RoutingPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code taskfleet route --explain FILE}: the tier each task would get and why, decided here with
 * the same policy engine the router runs, without submitting anything or needing a fleet. With
 * {@code --estimate}, also the expected tokens and cost per tier against all-cheapest and
 * all-top-tier, at the rates the workers charge ({@link TierCatalog}).
 */
@Command(name = "route", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER,
        description = "Shows, without submitting, the tier each task of a batch file would be routed to and why "
                + "(rule or heuristic, score, explanation), using the routing policy locally; with --estimate, "
                + "what the batch would cost per tier against running it all on the cheapest or the top tier.")
public final class RouteCommand implements Callable<Integer> {

    private static final String BATCH_ID = "explain";

    @Spec
    private CommandSpec spec;

    @Option(names = "--explain", required = true, paramLabel = "FILE",
            description = "The batch to explain: JSONL or a JSON array of tasks.")
    private Path file;

    @Option(names = "--policy", paramLabel = "POLICY.yaml",
            description = "The policy file (default: the bundled default policy for --tiers).")
    private Path policyFile;

    @Option(names = "--tiers", paramLabel = "TIERS", split = ",", defaultValue = FleetDefaults.TIER_ORDER,
            description = "The fleet's tiers, cheapest first, for the default policy (default: ${DEFAULT-VALUE}).")
    private List<String> tiers;

    @Option(names = "--team", paramLabel = "TEAM", defaultValue = Task.DEFAULT_TEAM,
            description = "The submitting team, for rules and caps that match on it (default: ${DEFAULT-VALUE}).")
    private String team;

    @Option(names = "--deadline", paramLabel = "WAIT",
            description = "Explain as if submitted with 'submit --deadline WAIT' (90m, 2h, 24h, 3d or PT24H): for every "
                    + "task that names no deadline of its own.")
    private String deadline;

    @Option(names = "--json", description = "One JSON line per task: id, type and the decision "
            + "(with --estimate, then one line {\"estimate\": [...]}).")
    private boolean json;

    @Option(names = "--estimate", description = "Add the expected tokens and cost per tier and in total under the "
            + "policy, against all on the cheapest and all on the top tier. Prices and answer lengths are the "
            + "workers' (taskfleet.tiers.<tier>.price.*, ...simulated.output-tokens-median; system properties and "
            + "TASKFLEET_TIERS_* variables override them as they do for the workers).")
    private boolean estimate;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RoutingPolicy policy;
        try {
            policy = policyFile != null ? RoutingPolicy.load(policyFile) : RoutingPolicy.defaultPolicy(tiers);
        } catch (PolicyException e) {
            err.println("taskfleet: " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        Duration batchDeadline;
        try {
            batchDeadline = deadline == null ? null : Deadlines.parse(deadline, "--" + Deadlines.FIELD);
        } catch (InvalidTaskException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--deadline': " + e.problem());
        }
        TaskValidator validator = new TaskValidator(TaskLimits.defaults(policy.tiers()));
        List<Task> tasks = new ArrayList<>();
        int invalid = 0;
        List<JsonNode> nodes = readTasks();
        for (int i = 0; i < nodes.size(); i++) {
            int number = i + 1;
            try {
                tasks.add(validator.fromSubmission(nodes.get(i), BATCH_ID, team, Instant.EPOCH, () -> "task-" + number,
                        batchDeadline));
            } catch (InvalidTaskException e) {
                invalid++;
                err.println("taskfleet: task " + number + ": " + e.getMessage());
            }
        }
        List<PolicyDecision> decisions = tasks.stream().map(task -> policy.decide(task, OutcomeStats.NONE)).toList();
        if (json) {
            for (int i = 0; i < tasks.size(); i++) {
                ObjectNode line = EventCodec.mapper().createObjectNode()
                        .put("id", tasks.get(i).id())
                        .put("type", tasks.get(i).type());
                line.setAll((ObjectNode) EventCodec.mapper().valueToTree(decisions.get(i)));
                JsonOutput.print(out, line);
            }
        } else {
            out.print(ExplainTable.render(tasks, decisions));
        }
        if (estimate) {
            printEstimate(out, policy.tiers(), tasks, decisions);
        }
        out.flush();
        err.flush();
        return invalid > 0 ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private void printEstimate(PrintWriter out, List<String> tierOrder, List<Task> tasks, List<PolicyDecision> decisions) {
        TierCatalog catalog = TierCatalog.fromEnvironment();
        Map<Task, String> routedTier = new IdentityHashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            routedTier.put(tasks.get(i), decisions.get(i).tier());
        }
        CostEstimate routed = CostEstimate.of("routed", tasks, tierOrder, catalog::rates, routedTier::get);
        List<CostEstimate> baselines = tierOrder.stream().distinct()
                .filter(tier -> tier.equals(tierOrder.get(0)) || tier.equals(tierOrder.get(tierOrder.size() - 1)))
                .map(tier -> CostEstimate.allOn(tier, tasks, tierOrder, catalog::rates)).toList();
        if (json) {
            List<CostEstimate> all = new ArrayList<>(List.of(routed));
            all.addAll(baselines);
            ObjectNode line = EventCodec.mapper().createObjectNode();
            line.set("estimate", EventCodec.mapper().valueToTree(all));
            JsonOutput.print(out, line);
        } else {
            out.println();
            out.print(EstimateTable.render(routed, baselines));
        }
    }

    /** The submitted objects, from a JSON array, a {@code {"tasks": [...]}} object or JSONL. */
    private List<JsonNode> readTasks() {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("the batch file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String trimmed = text.strip();
        if (trimmed.startsWith("[") || trimmed.startsWith("{\"tasks\"")) {
            JsonNode whole = parse(trimmed, "the file");
            JsonNode array = whole.isArray() ? whole : whole.path("tasks");
            List<JsonNode> nodes = new ArrayList<>();
            array.forEach(nodes::add);
            return nodes;
        }
        List<JsonNode> nodes = new ArrayList<>();
        List<String> lines = Arrays.asList(text.split("\\R"));
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                nodes.add(parse(lines.get(i), "line " + (i + 1)));
            }
        }
        return nodes;
    }

    private JsonNode parse(String json, String where) {
        try {
            return EventCodec.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + where + " is not JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
