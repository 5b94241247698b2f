package dev.taskfleet.benchmarks;

import static dev.taskfleet.benchmarks.ResultsFollower.allSucceededOn;

import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.launcher.broker.BrokerProcess;
import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.process.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One worker pod at several in-flight levels against a simulated model with a fixed latency:
 * how close does it get to the bound {@code in-flight ÷ latency}, measured against the serial
 * case (level 1) in the same run?
 *
 * <p>Starts a real broker on free ports, then for each level a fleet (producer, router, one
 * {@code fast} worker with {@code max-in-flight = level}) on free ports under its own topic
 * prefix, runs an unmeasured warm-up batch, then the measured batch, and stops the fleet.
 * Prints a Markdown table at the end. Logs stay under the work directory for inspection.
 */
public final class InFlightBenchmark {

    private static final String TIER = "fast";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

    private final BenchmarkOptions options;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    private InFlightBenchmark(BenchmarkOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        HarnessOptions.run(new BenchmarkOptions(), args, options -> {
            List<LevelMeasurement> rows = new InFlightBenchmark(options).run();
            System.out.println();
            System.out.print(ReportTable.render(rows));
        });
    }

    /** Runs every level of {@code options}; throws if a task did not succeed on the tier or a result is missing. */
    public static List<LevelMeasurement> measure(BenchmarkOptions options) throws IOException {
        return new InFlightBenchmark(options).run();
    }

    private List<LevelMeasurement> run() throws IOException {
        Path work = options.workDir();
        Files.createDirectories(work);
        log("repository %s, work directory %s, levels %s, latency %s", options.home(), work, options.levels(),
                options.latency());
        List<LevelMeasurement> rows = new ArrayList<>();
        try (ScratchDirectory brokerData = ScratchDirectory.create(work, "broker-");
                BrokerProcess broker = BrokerProcess.start(brokerData.path(), options.home().resolve("launcher/target/lib"),
                        0, 0, work.resolve("logs"))) {
            broker.awaitReady(READY_TIMEOUT);
            log("broker ready on %s", broker.bootstrapServers());
            for (int level : options.levels()) {
                LevelMeasurement row = runLevel(broker.bootstrapServers(), level);
                rows.add(row);
                log("level %d: %d tasks in %.2f s, %.1f tasks/s, %.1f%% of the bound %.0f/s, worker peak RSS %d MiB",
                        level, row.tasks(), row.windowSeconds(), row.throughput(), 100 * row.fractionOfBound(),
                        row.bound(), row.peakRssKib() / 1024);
            }
        }
        return rows;
    }

    private LevelMeasurement runLevel(String bootstrapServers, int level) {
        String prefix = "bench-" + runId + "-l" + level;
        LocalFleet fleet = BenchFleet.builder(options.home(), bootstrapServers, prefix, List.of(TIER),
                        options.workDir().resolve("level-" + level))
                .serviceProperty("taskfleet.worker.max-in-flight", Integer.toString(level))
                .serviceProperty("taskfleet.tiers.fast.simulated.latency-median", options.latency().toString())
                // The worker accepts a spread of 0: every call takes exactly the median.
                .serviceProperty("taskfleet.tiers.fast.simulated.latency-spread", "0")
                .serviceProperty("taskfleet.tiers.fast.simulated.failure-rate", "0")
                .build();
        try (fleet) {
            log("level %d: starting producer, router and worker (topic prefix %s)", level, prefix);
            fleet.start(READY_TIMEOUT);
            BatchClient client = BenchFleet.client(fleet);
            ServiceProcess worker = fleet.service(LocalFleet.workerName(TIER));
            try (ResultsFollower results = new ResultsFollower(bootstrapServers, new TopicNames(prefix).results())) {
                int warmup = options.warmupTasks(level);
                if (warmup > 0) {
                    log("level %d: warm-up, %d tasks (not measured)", level, warmup);
                    String batch = BenchFleet.submit(client, TaskBatch.jsonl(prefix + "-warmup", warmup), warmup);
                    allSucceededOn(TIER,
                            results.await(batch, TaskBatch.ids(prefix + "-warmup", warmup), STALL_TIMEOUT));
                }
                int tasks = options.measuredTasks(level);
                log("level %d: measuring %d tasks", level, tasks);
                Set<String> ids = TaskBatch.ids(prefix + "-run", tasks);
                LevelMeasurement row;
                Map<String, ResultsFollower.TimedResult> timed;
                double peakWaiting;
                try (ProcessSampler sampler = ProcessSampler.start(worker.pid());
                        GaugePeak waiting = GaugePeak.start(worker.baseUrl().resolve("/q/metrics"),
                                "taskfleet_intake_waiting", Duration.ofMillis(250))) {
                    long submitted = System.currentTimeMillis();
                    String batch = BenchFleet.submit(client, TaskBatch.jsonl(prefix + "-run", tasks), tasks);
                    timed = allSucceededOn(TIER, results.await(batch, ids, STALL_TIMEOUT));
                    ResultsFollower.BatchResults measured = ResultsFollower.summary(timed);
                    row = new LevelMeasurement(level, measured.count(), measured.failed(), measured.firstMs(),
                            measured.lastMs(), submitted, options.latency(), sampler.peakRssKib(),
                            sampler.cpuTicksSinceStart());
                    peakWaiting = waiting.peak();
                }
                // Each call started one latency before its result was sent (no spread, no retries).
                Map<String, Long> started = new HashMap<>();
                timed.forEach((id, result) -> started.put(id, result.timestampMs() - options.latency().toMillis()));
                TopicNames topics = new TopicNames(prefix);
                // max-waiting is max-in-flight by default, which the harness sets to the level.
                log("level %d: at most %.0f tasks waiting in the worker's intake (sampled every 250 ms; max-waiting %d)",
                        level, peakWaiting, level);
                log("level %d: %s", level, FeedTimeline.measure(bootstrapServers, topics.tasks(), topics.tier(TIER),
                        ids, started, level, options.latency()).describe());
                return row;
            }
        }
    }


    private static void log(String pattern, Object... args) {
        System.out.printf(Locale.ROOT, "[benchmark] " + pattern + "%n", args);
    }
}
