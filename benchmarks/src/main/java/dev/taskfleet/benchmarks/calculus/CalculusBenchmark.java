package dev.taskfleet.benchmarks.calculus;

import dev.taskfleet.benchmarks.BenchFleet;
import dev.taskfleet.benchmarks.HarnessOptions;
import dev.taskfleet.benchmarks.ResultsFollower;
import dev.taskfleet.benchmarks.ResultsFollower.TimedResult;
import dev.taskfleet.benchmarks.ScratchDirectory;
import dev.taskfleet.config.TierCatalog;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.launcher.broker.BrokerProcess;
import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.estimate.CostEstimate;
import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.fleet.LocalFleetBuilder;
import dev.taskfleet.policy.OutcomeStats;
import dev.taskfleet.policy.RoutingPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The policy calculus on the real fleet: the packaged producer, router and one worker per tier
 * (separate JVMs, as in production and in the end-to-end tests) on a real broker, one fleet per
 * routing policy. Each fleet runs an unmeasured warm-up batch, then the same synthetic batch
 * ({@link CalculusBatch}, fresh ids each time) {@code --runs} times; every task's result is checked
 * ({@link ResultCheck}) before it counts. Prints the simulated tiers' parameters and the table.
 */
public final class CalculusBenchmark {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STALL_TIMEOUT = Duration.ofMinutes(2);
    private static final String[] TIER_KEYS = {"simulated.latency-median", "simulated.latency-spread",
        "simulated.failure-rate", "simulated.malformed-rate", "simulated.capability", "simulated.output-tokens-median",
        "price.input-per-million", "price.output-per-million", "max-output-rejections"};

    private final CalculusOptions options;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final TierCatalog catalog;

    private CalculusBenchmark(CalculusOptions options) {
        this.options = options;
        Properties overrides = new Properties();
        overrides.putAll(options.serviceProperties());
        this.catalog = TierCatalog.with(overrides, System.getenv());
    }

    public static void main(String[] args) throws Exception {
        HarnessOptions.run(new CalculusOptions(), args, options -> {
            CalculusBenchmark benchmark = new CalculusBenchmark(options);
            Map<RoutingScenario, List<ScenarioRun>> runs = benchmark.run();
            System.out.println();
            System.out.print(benchmark.parameters());
            System.out.println();
            System.out.print(CalculusTable.render(runs));
        });
    }

    /** Runs every scenario of {@code options}; throws if any check fails. */
    public static Map<RoutingScenario, List<ScenarioRun>> measure(CalculusOptions options) throws IOException {
        return new CalculusBenchmark(options).run();
    }

    private Map<RoutingScenario, List<ScenarioRun>> run() throws IOException {
        Path work = options.workDir();
        Files.createDirectories(work);
        log("run %s, %d tasks x %d runs per scenario, warm-up %d, seed %d, %d in flight per worker, scenarios %s", runId,
                options.tasks(), options.runs(), options.warmup(), options.seed(), options.inFlight(),
                options.scenarioList().stream().map(RoutingScenario::id).toList());
        Map<RoutingScenario, List<ScenarioRun>> runs = new LinkedHashMap<>();
        try (ScratchDirectory brokerData = ScratchDirectory.create(work, "broker-");
                BrokerProcess broker = BrokerProcess.start(brokerData.path(), options.home().resolve("launcher/target/lib"),
                        0, 0, work.resolve("logs"))) {
            broker.awaitReady(READY_TIMEOUT);
            for (RoutingScenario scenario : options.scenarioList()) {
                runs.put(scenario, runScenario(broker.bootstrapServers(), scenario));
            }
        }
        return runs;
    }

    private List<ScenarioRun> runScenario(String bootstrap, RoutingScenario scenario) throws IOException {
        String prefix = "calc-" + runId + "-" + scenario.ordinal();
        Path dir = Files.createDirectories(options.workDir().resolve(scenario.id()));
        Path policyFile = Files.writeString(dir.resolve("policy.yaml"), scenario.policyYaml());
        LocalFleetBuilder builder = BenchFleet.builder(options.home(), bootstrap, prefix, RoutingScenario.TIERS, dir)
                .serviceProperty("taskfleet.router.policy-file", policyFile.toString())
                .serviceProperty("taskfleet.worker.max-in-flight", Integer.toString(options.inFlight()));
        options.serviceProperties().forEach(builder::serviceProperty);
        List<ScenarioRun> runs = new ArrayList<>();
        try (LocalFleet fleet = builder.build()) {
            log("%s (%s): starting the fleet, topic prefix %s", scenario.id(), scenario.description(), prefix);
            fleet.start(READY_TIMEOUT);
            BatchClient client = BenchFleet.client(fleet);
            RoutingPolicy policy = scenario.policy();
            try (ResultsFollower follower = new ResultsFollower(bootstrap, new TopicNames(prefix).results())) {
                if (options.warmup() > 0) {
                    ScenarioRun warmup = runBatch(scenario, policy, client, follower,
                            CalculusBatch.generate(options.warmup(), options.seed() + 1, prefix + "-w"));
                    log("%s: warm-up %d tasks, %.1f%% succeeded (not measured)", scenario.id(), warmup.tasks(),
                            100 * warmup.successShare());
                }
                for (int run = 1; run <= options.runs(); run++) {
                    ScenarioRun measured = runBatch(scenario, policy, client, follower,
                            CalculusBatch.generate(options.tasks(), options.seed(), prefix + "-r" + run));
                    runs.add(measured);
                    log("%s run %d: %.1f%% succeeded, $%.4f (estimate $%.4f), makespan %.1f s, one call at a time %.0f s "
                                    + "(%.0fx), p50 %.1f s, p95 %.1f s, %d calls, %d escalated", scenario.id(), run,
                            100 * measured.successShare(), measured.costUsd(), measured.estimateUsd(),
                            measured.makespanMs() / 1000.0, measured.serialMs() / 1000.0, measured.speedUp(),
                            measured.p50Ms() / 1000.0, measured.p95Ms() / 1000.0, measured.calls(), measured.escalated());
                }
            }
        }
        return runs;
    }

    private ScenarioRun runBatch(RoutingScenario scenario, RoutingPolicy policy, BatchClient client,
            ResultsFollower follower, List<CalculusBatch.Generated> batch) {
        List<Task> tasks = CalculusBatch.asTasks(batch, RoutingScenario.TIERS, BenchFleet.TEAM);
        Map<String, String> expectedTier = tasks.stream()
                .collect(Collectors.toMap(Task::id, task -> policy.decide(task, OutcomeStats.NONE).tier()));
        Map<String, Double> difficulty = batch.stream().collect(Collectors.toMap(
                task -> task.submission().get("id").asText(), CalculusBatch.Generated::difficulty));
        double estimate = CostEstimate.of(scenario.id(), tasks, RoutingScenario.TIERS, catalog::rates,
                task -> expectedTier.get(task.id())).total().costUsd();
        long uploadStart = System.currentTimeMillis();
        String batchId = BenchFleet.submit(client, CalculusBatch.jsonl(batch), batch.size());
        Map<String, TimedResult> results = follower.await(batchId, expectedTier.keySet(), STALL_TIMEOUT);
        ResultCheck.verify(scenario, results, expectedTier, difficulty, capabilities());
        String top = RoutingScenario.TIERS.get(RoutingScenario.TIERS.size() - 1);
        return ScenarioRun.of(scenario, results.values(), uploadStart, estimate, top);
    }

    private Map<String, Double> capabilities() {
        return RoutingScenario.TIERS.stream().collect(Collectors.toMap(tier -> tier,
                tier -> Double.parseDouble(catalog.value("taskfleet.tiers." + tier + ".simulated.capability", "1"))));
    }

    /** The simulated tiers as this run configured them, for the report. */
    private String parameters() {
        StringBuilder out = new StringBuilder("Simulated tiers (taskfleet.tiers.<tier>.*):\n");
        for (String tier : RoutingScenario.TIERS) {
            out.append("- ").append(tier).append(':');
            for (String key : TIER_KEYS) {
                out.append(' ').append(key).append('=').append(catalog.value("taskfleet.tiers." + tier + "." + key, "default"));
            }
            out.append('\n');
        }
        out.append(String.format(Locale.ROOT, "Batch: %d tasks, seed %d, %d runs per policy; %d calls in flight per worker%n",
                options.tasks(), options.seed(), options.runs(), options.inFlight()));
        return out.toString();
    }

    private static void log(String pattern, Object... args) {
        System.out.printf(Locale.ROOT, "[calculus] " + pattern + "%n", args);
    }
}
