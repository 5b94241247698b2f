package dev.taskfleet.benchmarks.batchtier;

import dev.taskfleet.benchmarks.BenchFleet;
import dev.taskfleet.benchmarks.HarnessOptions;
import dev.taskfleet.benchmarks.ResultsFollower;
import dev.taskfleet.benchmarks.ResultsFollower.TimedResult;
import dev.taskfleet.benchmarks.ScratchDirectory;
import dev.taskfleet.benchmarks.WorkerGauges;
import dev.taskfleet.config.TierCatalog;
import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.launcher.broker.BrokerProcess;
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
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The demo batch on the real fleet (the packaged producer, router and one worker per tier as
 * separate JVMs on a real broker), once per {@link BatchTierScenario}: all on-line, and with its
 * mechanical chores routed by type to {@value BatchTierScenario#BATCH_TIER}, fast's simulated model
 * behind the {@code simulated-batch} provider at the batch price. Each scenario's fleet runs the
 * batch {@code --runs} times under fresh ids; every task's first call must be on the tier its
 * policy gives it before the run counts. Prints the batch tier's settings and the table.
 */
public final class BatchTierBenchmark {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    /** fast's simulated model, which the batch tier copies so that only the way it is called differs. */
    private static final String[] MODEL_KEYS = {"model", "simulated.latency-median", "simulated.latency-spread",
        "simulated.failure-rate", "simulated.malformed-rate", "simulated.capability", "simulated.output-tokens-median"};
    private static final String[] PRICE_KEYS = {"price.input-per-million", "price.output-per-million"};

    private final BatchTierOptions options;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final Map<String, String> batchTier;

    private BatchTierBenchmark(BatchTierOptions options) {
        this.options = options;
        this.batchTier = batchTierProperties(options, TierCatalog.with(new Properties(), System.getenv()));
    }

    public static void main(String[] args) throws Exception {
        HarnessOptions.run(new BatchTierOptions(), args, options -> {
            BatchTierBenchmark benchmark = new BatchTierBenchmark(options);
            Map<BatchTierScenario, List<BatchTierRun>> runs = benchmark.run();
            System.out.println();
            System.out.print(benchmark.parameters());
            System.out.println();
            System.out.print(BatchTierTable.render(runs));
        });
    }

    /** Runs both scenarios; throws if any check fails. */
    public static Map<BatchTierScenario, List<BatchTierRun>> measure(BatchTierOptions options) throws IOException {
        return new BatchTierBenchmark(options).run();
    }

    private Map<BatchTierScenario, List<BatchTierRun>> run() throws IOException {
        Path work = options.workDir();
        Files.createDirectories(work);
        log("run %s, the first %d tasks of %s x %d runs per scenario; %s", runId, options.tasks(), DemoBatch.FILE,
                options.runs(), batchTier);
        Map<BatchTierScenario, List<BatchTierRun>> runs = new LinkedHashMap<>();
        try (ScratchDirectory brokerData = ScratchDirectory.create(work, "broker-");
                BrokerProcess broker = BrokerProcess.start(brokerData.path(), options.home().resolve("launcher/target/lib"),
                        0, 0, work.resolve("logs"))) {
            broker.awaitReady(READY_TIMEOUT);
            for (BatchTierScenario scenario : BatchTierScenario.values()) {
                runs.put(scenario, runScenario(broker.bootstrapServers(), scenario));
            }
        }
        return runs;
    }

    private List<BatchTierRun> runScenario(String bootstrap, BatchTierScenario scenario) throws IOException {
        String prefix = "batchtier-" + runId + "-" + scenario.ordinal();
        Path dir = Files.createDirectories(options.workDir().resolve(scenario.id()));
        Path policyFile = Files.writeString(dir.resolve("policy.yaml"), scenario.policyYaml());
        LocalFleetBuilder builder = BenchFleet.builder(options.home(), bootstrap, prefix, scenario.tiers(), dir)
                .serviceProperty("taskfleet.router.policy-file", policyFile.toString())
                .serviceProperty("taskfleet.worker.max-in-flight", Integer.toString(options.inFlight()));
        if (scenario.tiers().contains(BatchTierScenario.BATCH_TIER)) {
            batchTier.forEach(builder::serviceProperty);
        }
        List<BatchTierRun> runs = new ArrayList<>();
        try (LocalFleet fleet = builder.build()) {
            log("%s (%s): starting the fleet, topic prefix %s", scenario.id(), scenario.description(), prefix);
            fleet.start(READY_TIMEOUT);
            try (ResultsFollower follower = new ResultsFollower(bootstrap, new TopicNames(prefix).results())) {
                for (int run = 1; run <= options.runs(); run++) {
                    BatchTierRun measured = runBatch(scenario, fleet, follower,
                            DemoBatch.read(options.home(), options.tasks(), prefix + "-r" + run));
                    runs.add(measured);
                    log("%s run %d: %.1f%% succeeded, $%.4f ($%.4f on fast's model, $%.4f on the batch tier), "
                                    + "makespan %.1f s, on-line work done at %.1f s, %d first on the batch tier, "
                                    + "%d calls, %d escalated", scenario.id(), run, 100 * measured.successShare(),
                            measured.costUsd(), measured.fastModelUsd(), measured.batchTierUsd(), measured.makespanMs() / 1000.0,
                            measured.onLineDoneMs() / 1000.0, measured.firstOnBatch(), measured.calls(),
                            measured.escalated());
                }
            }
        }
        return runs;
    }

    private BatchTierRun runBatch(BatchTierScenario scenario, LocalFleet fleet, ResultsFollower follower, DemoBatch batch) {
        RoutingPolicy policy = scenario.policy();
        Map<String, String> firstTier = batch.asTasks(scenario.tiers(), BenchFleet.TEAM).stream()
                .collect(Collectors.toMap(Task::id, task -> policy.decide(task, OutcomeStats.NONE).tier()));
        long uploadStart = System.currentTimeMillis();
        String batchId = BenchFleet.submit(BenchFleet.client(fleet), batch.jsonl(), firstTier.size());
        Map<String, TimedResult> results;
        try {
            results = follower.await(batchId, firstTier.keySet(), stallTimeout());
        } catch (ResultsFollower.Stalled stalled) {
            Map<String, Long> byTier = stalled.missing().stream()
                    .collect(Collectors.groupingBy(firstTier::get, TreeMap::new, Collectors.counting()));
            throw new IllegalStateException(stalled.getMessage() + "; their first tiers " + byTier + "; workers now: "
                    + WorkerGauges.of(fleet) + "; the fleet's logs are in "
                    + options.workDir().resolve(scenario.id()).resolve("logs"), stalled);
        }
        results.forEach((taskId, timed) -> {
            List<AttemptRecord> history = timed.result().history();
            if (history.isEmpty() || !history.get(0).tier().equals(firstTier.get(taskId))) {
                throw new IllegalStateException("task " + taskId + " should have started on " + firstTier.get(taskId)
                        + " but its history is " + history);
            }
        });
        return BatchTierRun.of(scenario, results.values(), uploadStart);
    }

    /** Longest a run may go without a new result: two provider batch round trips (a request sent again) and room. */
    private Duration stallTimeout() {
        return options.gatherTime().plus(options.turnaround()).plus(options.pollInterval()).multipliedBy(2)
                .plus(Duration.ofMinutes(2));
    }

    /** The batch tier's settings: fast's model, a provider batch API, the batch price. */
    private static Map<String, String> batchTierProperties(BatchTierOptions options, TierCatalog catalog) {
        String fast = "taskfleet.tiers.fast.";
        String batch = "taskfleet.tiers." + BatchTierScenario.BATCH_TIER + ".";
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(batch + "provider", "simulated-batch");
        properties.put(batch + "batch.gather-time", options.gatherTime().toString());
        properties.put(batch + "batch.poll-interval", options.pollInterval().toString());
        properties.put(batch + "simulated.batch-turnaround", options.turnaround().toString());
        for (String key : MODEL_KEYS) {
            properties.put(batch + key, catalog.value(fast + key, ""));
        }
        for (String key : PRICE_KEYS) {
            double online = Double.parseDouble(catalog.value(fast + key, TierCatalog.GENERIC_PRICE_PER_MILLION));
            properties.put(batch + key, format("%s", online * options.batchDiscount()));
        }
        return properties;
    }

    /** The batch tier as this run configured it, for the report. */
    private String parameters() {
        StringBuilder out = new StringBuilder("Batch tier (the on-line tiers are the shipped defaults):\n");
        batchTier.forEach((key, value) -> out.append("- ").append(key).append('=').append(value).append('\n'));
        out.append(format("Batch: the first %d tasks of %s, %d runs per scenario; %d calls in flight per on-line worker%n",
                options.tasks(), DemoBatch.FILE, options.runs(), options.inFlight()));
        return out.toString();
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    private static void log(String pattern, Object... args) {
        System.out.printf(Locale.ROOT, "[batch-tier] " + pattern + "%n", args);
    }
}
