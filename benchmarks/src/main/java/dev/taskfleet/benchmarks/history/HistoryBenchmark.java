package dev.taskfleet.benchmarks.history;

import dev.taskfleet.benchmarks.ScratchDirectory;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.launcher.broker.BrokerProcess;
import dev.taskfleet.launcher.process.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Issue 13: what a new producer replica's start costs as the history grows, when it replays
 * {@code <prefix>.batches} and {@code <prefix>.results} from the beginning (checkpoints off) and
 * when it takes over a checkpoint: seconds from process start to ready, records read, heap after a
 * full GC once ready, peak RSS and CPU to ready, at each history size and heap, and checks that the
 * replica then answers old batches' status and results exactly as written.
 *
 * <p>Starts a broker on free ports and writes the history straight into the fleet's topics as the
 * fleet writes them ({@link HistoryWriter}, {@link BatchHistory}, {@link HistoryPlan}); the
 * history grows through the sizes on one topic prefix. Per size, per heap, per run a fresh
 * packaged producer ({@link ReplicaRun}); a case whose replica does not become ready (out of heap,
 * or not within the timeout) is reported as such and its remaining runs are skipped. Nothing but
 * the replica reads or writes the topics while it starts.
 */
public final class HistoryBenchmark {

    private static final Duration BROKER_READY = Duration.ofMinutes(3);
    /** The newest batch is accepted this long before the run: every record is in the past, well within retention. */
    private static final Duration HISTORY_ENDS_BEFORE_NOW = Duration.ofHours(2);

    private final HistoryOptions options;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    private HistoryBenchmark(HistoryOptions options) {
        this.options = options;
    }

    /**
     * Everything one run measured.
     *
     * @param checks one line per correctness check passed, per replica that became ready
     */
    public record Report(String runId, Instant started, Instant ended, String loadAtStart, String loadAtEnd,
                         List<HistoryShape> histories, List<ReplicaMeasurement> runs, List<String> checks) {
    }

    public static void main(String[] args) throws Exception {
        HistoryOptions.run(new HistoryOptions(), args, options -> {
            Report report = new HistoryBenchmark(options).run();
            System.out.println();
            System.out.printf(Locale.ROOT, "run %s, %s to %s UTC, load average %s at the start, %s at the end%n%n",
                    report.runId(), report.started().truncatedTo(ChronoUnit.SECONDS),
                    report.ended().truncatedTo(ChronoUnit.SECONDS), report.loadAtStart(), report.loadAtEnd());
            System.out.print(HistoryTable.render(report.histories(), report.runs()));
        });
    }

    /** Runs every case of {@code options}; throws if writing the history or a correctness check fails. */
    public static Report measure(HistoryOptions options) throws IOException {
        return new HistoryBenchmark(options).run();
    }

    private Report run() throws IOException {
        Instant started = Instant.now();
        String loadAtStart = loadAverage();
        Path work = options.workDir();
        Files.createDirectories(work);
        log("run %s, repository %s, work directory %s, history sizes %s, heaps %s, %d run(s) each, load average %s",
                runId, options.home(), work, options.tasks(), options.heaps(), options.runs(), loadAtStart);
        HistoryPlan plan = HistoryPlan.of(options.tasks(), options.seed(),
                started.minus(HISTORY_ENDS_BEFORE_NOW).truncatedTo(ChronoUnit.SECONDS));
        AnswerText answers = new AnswerText(options.seed());
        HistoryCheck check = new HistoryCheck();
        List<HistoryShape> histories = new ArrayList<>();
        List<ReplicaMeasurement> rows = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        String prefix = "hist-" + runId;
        try (ScratchDirectory brokerData = ScratchDirectory.create(work, "broker-");
                BrokerProcess broker = BrokerProcess.start(brokerData.path(), options.home().resolve("launcher/target/lib"),
                        0, 0, work.resolve("logs"))) {
            broker.awaitReady(BROKER_READY);
            log("broker ready on %s; topic prefix %s", broker.bootstrapServers(), prefix);
            try (HistoryWriter writer = new HistoryWriter(broker.bootstrapServers(), new TopicNames(prefix), runId)) {
                List<BatchTruth> written = new ArrayList<>();
                for (int size : options.tasks()) {
                    List<HistoryPlan.PlannedBatch> part = plan.upTo(size).subList(written.size(), plan.upTo(size).size());
                    boolean checkpoints = options.starts().contains(ReplicaMeasurement.CHECKPOINT);
                    int split = checkpoints ? beforeCheckpoint(part, options.sinceCheckpoint()) : part.size();
                    long writeStart = System.nanoTime();
                    written.addAll(writer.write(part.subList(0, split), answers, options.duplicateRate()));
                    double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
                    if (checkpoints) {
                        writeCheckpoint(broker.bootstrapServers(), prefix, size, check.producerKeyHashes(),
                                part.subList(split, part.size()).stream().mapToLong(HistoryPlan.PlannedBatch::tasks).sum());
                    }
                    writeStart = System.nanoTime();
                    written.addAll(writer.write(part.subList(split, part.size()), answers, options.duplicateRate()));
                    writeSeconds += (System.nanoTime() - writeStart) / 1e9;
                    HistoryShape shape = HistoryShape.of(written, logBytes(brokerData.path(), prefix), writeSeconds);
                    histories.add(shape);
                    log("history of %d tasks: %d batches (%d small, %d medium, %d large, the largest %d tasks), %d failed, "
                                    + "%d duplicates, results %.1f MiB, batch events %.0f KiB, %.1f MiB of log segments; "
                                    + "written in %.1f s", shape.tasks(), shape.batches(), shape.small(), shape.medium(),
                            shape.large(), shape.largest(), shape.failed(), shape.duplicates(), shape.resultMib(),
                            shape.batchBytes() / 1024.0, shape.onDiskBytes() / 1048576.0, shape.writeSeconds());
                    List<BatchTruth> history = List.copyOf(written);
                    for (String heap : options.heaps()) {
                        for (String start : options.starts()) {
                            measureCase(broker.bootstrapServers(), prefix, history, size, heap, start, check, rows, checks);
                        }
                    }
                }
            }
        }
        Instant ended = Instant.now();
        String loadAtEnd = loadAverage();
        log("done: %s to %s, load average %s at the end", started, ended, loadAtEnd);
        return new Report(runId, started, ended, loadAtStart, loadAtEnd, histories, rows, checks);
    }

    /**
     * How many of {@code part}'s batches come before the checkpoint: all but the newest ones that
     * hold about {@code since} tasks (whole batches; at least {@code since} unless the part is smaller).
     */
    static int beforeCheckpoint(List<HistoryPlan.PlannedBatch> part, int since) {
        int split = part.size();
        long after = 0;
        while (split > 0 && after < since) {
            split--;
            after += part.get(split).tasks();
        }
        return split;
    }

    /**
     * Starts a replica with checkpoints on and stops it once ready: it reads the history written so
     * far (or what came after the previous size's checkpoint) and writes a checkpoint when caught up
     * and another when stopped; the rest of the size's history ({@code after} tasks) is written
     * after it, and the measured replicas that take it over read those on from it. Not measured.
     */
    private void writeCheckpoint(String bootstrapServers, String prefix, int size, String keyHashes, long after)
            throws IOException {
        Path dir = options.workDir().resolve("tasks-" + size).resolve("checkpoint-writer");
        log("%d tasks: a replica reads the history but its newest %d tasks and writes a checkpoint of it (not measured)",
                size, after);
        Map<String, String> writes = new LinkedHashMap<>(startProperties(ReplicaMeasurement.CHECKPOINT));
        writes.put("taskfleet.producer.checkpoints.write", "true");
        ReplicaMeasurement m = ReplicaRun.measure(options.home(), bootstrapServers, prefix, size,
                options.heaps().get(0), ReplicaMeasurement.CHECKPOINT, 0, options.readyTimeout(), writes, keyHashes, dir,
                producer -> { });
        if (!m.ready()) {
            throw new IllegalStateException("the replica that writes the checkpoint of " + size + " tasks was not ready: "
                    + m.outcome());
        }
        log("%d tasks: checkpoint written (%s)", size, ReplicaRun.describe(m));
    }

    /**
     * The service properties with checkpoints on or off for {@code start}. Measured replicas write
     * none: each must find the checkpoint the unmeasured one wrote, not the previous run's.
     */
    private Map<String, String> startProperties(String start) {
        Map<String, String> properties = new LinkedHashMap<>(options.serviceProperties().values());
        properties.put("taskfleet.producer.checkpoints.enabled", Boolean.toString(start.equals(ReplicaMeasurement.CHECKPOINT)));
        properties.put("taskfleet.producer.checkpoints.write", "false");
        return properties;
    }

    private void measureCase(String bootstrapServers, String prefix, List<BatchTruth> history, int size, String heap,
                             String start, HistoryCheck check, List<ReplicaMeasurement> rows, List<String> checks)
            throws IOException {
        for (int run = 1; run <= options.runs(); run++) {
            Path dir = options.workDir().resolve("tasks-" + size).resolve("xmx-" + heap).resolve(start)
                    .resolve("run-" + run);
            log("%d tasks, -Xmx%s, %s, run %d: starting a fresh producer (load average %s)", size, heap, start, run,
                    loadAverage());
            Consumer<ServiceProcess> verify = producer -> {
                List<String> passed = check.verify(producer.baseUrl(), history, options.seed());
                passed.forEach(line -> log("  checked %s", line));
                checks.addAll(passed);
            };
            ReplicaMeasurement m = ReplicaRun.measure(options.home(), bootstrapServers, prefix, size, heap, start, run,
                    options.readyTimeout(), startProperties(start), check.producerKeyHashes(), dir, verify);
            rows.add(m);
            log("%d tasks, -Xmx%s, %s, run %d: %s", size, heap, start, run, ReplicaRun.describe(m));
            if (!m.ready()) {
                log("%d tasks, -Xmx%s, %s: not ready, so the case's remaining runs are skipped", size, heap, start);
                return;
            }
        }
    }

    /** Bytes of the log segments ({@code *.log}) of the prefix's results and batches partitions. */
    private static long logBytes(Path brokerDir, String prefix) {
        try (Stream<Path> files = Files.walk(brokerDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log") && f.getParent() != null)
                    .filter(f -> {
                        String partition = f.getParent().getFileName().toString();
                        return partition.startsWith(prefix + ".results-") || partition.startsWith(prefix + ".batches-");
                    })
                    .mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (IOException e) {
                            return 0;
                        }
                    }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the broker's data in " + brokerDir, e);
        }
    }

    /** The 1, 5 and 15 minute load averages, or n/a off Linux. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static void log(String pattern, Object... args) {
        System.out.printf(Locale.ROOT, "[history] " + pattern + "%n", args);
    }
}
