package dev.taskfleet.benchmarks;

import static dev.taskfleet.benchmarks.ResultsFollower.allSucceededOn;

import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.launcher.broker.BrokerProcess;
import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.fleet.LocalFleetBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Does a small batch of one team wait behind another team's large batch on the same tier? Lanes
 * off (one FIFO topic per tier, as before) against lanes on ({@code taskfleet.router.lanes.enabled}),
 * one fleet each on one broker, in one run.
 *
 * <p>Per mode: one task of each team first, so both teams' lanes exist and are read before
 * anything is measured, the small batch alone on the idle fleet (its idle time), then the large batch of
 * team {@value BenchFleet#TEAM}, and {@code --delay} after it was accepted the small batch of team
 * {@value BenchFleet#OTHER_TEAM} again. The row says how long the small batch took behind the large
 * one, against the bound (3x the idle time or idle + 5 s, whichever is larger), and how
 * many of the large batch's results were out when the small batch finished: some but not all means
 * the large batch was running and still held the tier, i.e. the tier was saturated the whole time.
 */
public final class FairnessBenchmark {

    private static final String TIER = "fast";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final FairnessOptions options;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    private FairnessBenchmark(FairnessOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        HarnessOptions.run(new FairnessOptions(), args, options -> {
            List<FairnessRow> rows = measure(options);
            System.out.println();
            System.out.print(FairnessRow.table(rows));
        });
    }

    /** Runs lanes off, then on; throws if a task did not succeed on the tier or a result is missing. */
    public static List<FairnessRow> measure(FairnessOptions options) throws IOException, InterruptedException {
        return new FairnessBenchmark(options).run();
    }

    private List<FairnessRow> run() throws IOException, InterruptedException {
        Path work = options.workDir();
        Files.createDirectories(work);
        Path brokerDir = Files.createTempDirectory(work, "broker-");
        List<FairnessRow> rows = new ArrayList<>();
        try (BrokerProcess broker = BrokerProcess.start(brokerDir, options.home().resolve("launcher/target/lib"), 0, 0,
                work.resolve("logs"))) {
            broker.awaitReady(READY_TIMEOUT);
            for (boolean lanes : List.of(false, true)) {
                FairnessRow row = runMode(broker.bootstrapServers(), lanes);
                rows.add(row);
                log("%s", row);
            }
        }
        return rows;
    }

    private FairnessRow runMode(String bootstrapServers, boolean lanes) throws InterruptedException {
        String mode = lanes ? "on" : "off";
        String prefix = "fair-" + runId + "-" + mode;
        LocalFleetBuilder builder = BenchFleet.builder(options.home(), bootstrapServers, prefix, List.of(TIER),
                        options.workDir().resolve("lanes-" + mode))
                .serviceProperty("taskfleet.router.lanes.enabled", Boolean.toString(lanes))
                .serviceProperty("taskfleet.worker.max-in-flight", Integer.toString(options.inFlight()))
                .serviceProperty("taskfleet.tiers.fast.simulated.latency-median", options.latency().toString())
                .serviceProperty("taskfleet.tiers.fast.simulated.latency-spread", "0")
                .serviceProperty("taskfleet.tiers.fast.simulated.failure-rate", "0");
        options.serviceProperties().forEach(builder::serviceProperty);
        LocalFleet fleet = builder.build();
        // Lanes off, the small batch's tasks get no result until the large batch ahead of them drains.
        Duration stall = options.bulkDrain().multipliedBy(2).plusSeconds(60);
        try (fleet) {
            log("lanes %s: starting producer, router and worker (topic prefix %s)", mode, prefix);
            fleet.start(READY_TIMEOUT);
            BatchClient bulkTeam = BenchFleet.client(fleet);
            BatchClient smallTeam = BenchFleet.otherTeamClient(fleet);
            try (ResultsFollower results = new ResultsFollower(bootstrapServers, new TopicNames(prefix).results())) {
                // Both teams' lanes exist and are read before anything is measured: otherwise a batch
                // would start only once the worker found its new lane (metadata.max.age.ms, 5 s), and the
                // small batch's idle time, the bound's base, would include that wait.
                warmUp(bulkTeam, results, prefix + "-warmup", stall);
                warmUp(smallTeam, results, prefix + "-warmup-small", stall);
                double idle = smallBatch(smallTeam, results, prefix + "-idle", stall);
                log("lanes %s: small batch alone %.2f s; submitting %d tasks of team %s", mode, idle,
                        options.bulkTasks(), BenchFleet.TEAM);
                String bulk = BenchFleet.submit(bulkTeam, TaskBatch.jsonl(prefix + "-bulk", options.bulkTasks()),
                        options.bulkTasks());
                // The scenario, not synchronisation: the small batch arrives this long after the large one.
                Thread.sleep(options.delay().toMillis());
                double behind = smallBatch(smallTeam, results, prefix + "-behind", stall);
                return new FairnessRow(mode, options.bulkTasks(), options.smallTasks(), idle, behind,
                        results.seen(bulk));
            }
        }
    }

    /** One task of the client's team, to its result: the team's lane exists and the worker reads it. */
    private static void warmUp(BatchClient team, ResultsFollower results, String idPrefix, Duration stall) {
        String warmup = BenchFleet.submit(team, TaskBatch.jsonl(idPrefix, 1), 1);
        allSucceededOn(TIER, results.await(warmup, TaskBatch.ids(idPrefix, 1), stall));
    }

    /** Submits the small batch as team {@value BenchFleet#OTHER_TEAM}; seconds from submission to its last result. */
    private double smallBatch(BatchClient client, ResultsFollower results, String idPrefix, Duration stall) {
        long submitted = System.currentTimeMillis();
        String batch = BenchFleet.submit(client, TaskBatch.jsonl(idPrefix, options.smallTasks()), options.smallTasks());
        ResultsFollower.BatchResults done = ResultsFollower.summary(
                allSucceededOn(TIER, results.await(batch, TaskBatch.ids(idPrefix, options.smallTasks()), stall)));
        return (done.lastMs() - submitted) / 1000.0;
    }


    private static void log(String pattern, Object... args) {
        System.out.printf(Locale.ROOT, "[fairness] " + pattern + "%n", args);
    }
}
