package dev.taskfleet.benchmarks.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskfleet.api.BatchState;
import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.benchmarks.BenchFleet;
import dev.taskfleet.benchmarks.HarnessOptions;
import dev.taskfleet.benchmarks.Jcmd;
import dev.taskfleet.benchmarks.ProcessSampler;
import dev.taskfleet.benchmarks.ScratchDirectory;
import dev.taskfleet.benchmarks.TopicScan;
import dev.taskfleet.benchmarks.policy.PolicyTaskMix;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.EventDecodingException;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.launcher.broker.BrokerProcess;
import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.client.StatusFeed;
import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.fleet.LocalFleetBuilder;
import dev.taskfleet.launcher.process.ServiceProcess;
import dev.taskfleet.launcher.progress.BatchWaiter;
import dev.taskfleet.launcher.progress.ProgressView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Issue 13, "a pipeline with no fat": how many tasks per second the packaged fleet carries end to
 * end with an instant model, against a bare 3-hop consume-produce copy of the same records on the
 * same broker in the same run.
 *
 * <p>Starts a broker and the fleet (producer, router, one worker per tier, every tier's simulated
 * model answering after {@code --latency} with no spread and no failures). Each round submits a
 * batch of {@link PolicyTaskMix} tasks (both tiers) over REST with the harness's API key and follows
 * it as a client does until it is COMPLETED; checks every task id has exactly one result, succeeded,
 * on {@code <prefix>.results}; then takes the batch's own records from {@code <prefix>.tasks} (same
 * keys, values and partitions) and runs them through {@link ThreeHopCopy}. {@code --warmup-batches}
 * unmeasured warm-up rounds go first, checked the same way. Prints the tables of {@link PipelineTable}.
 */
public final class PipelineOverheadBenchmark {

    private static final List<String> TIERS = List.of("fast", "quality");
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration COPY_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration STATUS_POLL = Duration.ofMillis(100);
    private static final String JFR_RECORDING = "pipeline";

    private final PipelineOptions options;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    private PipelineOverheadBenchmark(PipelineOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        HarnessOptions.run(new PipelineOptions(), args, options -> {
            Measurement measurement = new PipelineOverheadBenchmark(options).run();
            System.out.println();
            System.out.print(PipelineTable.render(measurement.rounds()));
        });
    }

    /** Runs every round of {@code options}; throws if a task's result or a copied record is missing or repeated. */
    public static Measurement measure(PipelineOptions options) throws IOException, InterruptedException {
        return new PipelineOverheadBenchmark(options).run();
    }

    /**
     * What a run measured.
     *
     * @param warmUps the unmeasured warm-up rounds, in order (run 0 each), checked as the others are
     * @param rounds  the measured rounds, run 1, 2, ...
     */
    public record Measurement(List<PipelineRound> warmUps, List<PipelineRound> rounds) {
    }

    private Measurement run() throws IOException, InterruptedException {
        Path work = options.workDir();
        Files.createDirectories(work);
        String prefix = "pl-" + runId;
        log("run %s, repository %s, work directory %s, %d tasks x %d runs (warm-up %d x %d), latency %s", runId,
                options.home(), work, options.tasks(), options.runs(), options.warmup(), options.warmupBatches(),
                options.latency());
        List<PipelineRound> warmUps = new ArrayList<>();
        List<PipelineRound> rounds = new ArrayList<>();
        try (ScratchDirectory brokerData = ScratchDirectory.create(work, "broker-");
                BrokerProcess broker = BrokerProcess.start(brokerData.path(), options.home().resolve("launcher/target/lib"),
                        0, 0, work.resolve("logs"))) {
            broker.awaitReady(READY_TIMEOUT);
            log("broker ready on %s", broker.bootstrapServers());
            try (LocalFleet fleet = fleet(broker.bootstrapServers(), prefix, work.resolve("fleet")).build()) {
                log("starting producer, router and workers %s (topic prefix %s)", TIERS, prefix);
                fleet.start(READY_TIMEOUT);
                Round round = new Round(fleet, broker);
                for (int batch = 1; options.warmup() > 0 && batch <= options.warmupBatches(); batch++) {
                    String label = options.warmupBatches() == 1 ? "warm-up" : "warm-up " + batch;
                    warmUps.add(round.run(0, label, "w" + batch, options.warmup(), null));
                }
                for (int run = 1; run <= options.runs(); run++) {
                    rounds.add(round.run(run, "run " + run, "r" + run, options.tasks(), run == 1 ? options.jfr() : null));
                }
            }
        }
        return new Measurement(warmUps, rounds);
    }

    private LocalFleetBuilder fleet(String bootstrap, String prefix, Path workDir) {
        LocalFleetBuilder builder = BenchFleet.builder(options.home(), bootstrap, prefix, TIERS, workDir);
        for (String tier : TIERS) {
            String simulated = "taskfleet.tiers." + tier + ".simulated.";
            builder.serviceProperty(simulated + "latency-median", options.latency().toString())
                    // Accepted by the worker: every call takes exactly the median.
                    .serviceProperty(simulated + "latency-spread", "0")
                    .serviceProperty(simulated + "failure-rate", "0")
                    .serviceProperty(simulated + "malformed-rate", "0");
        }
        options.serviceProperties().forEach(builder::serviceProperty);
        return builder;
    }

    /** One round on a running fleet: a measured one, or a warm-up (run 0) whose figures are only logged. */
    private final class Round {
        private final LocalFleet fleet;
        private final BrokerProcess broker;
        private final BatchClient client;
        private final TopicNames names;

        Round(LocalFleet fleet, BrokerProcess broker) {
            this.fleet = fleet;
            this.broker = broker;
            this.client = BenchFleet.client(fleet);
            this.names = new TopicNames(fleet.topicPrefix());
        }

        /**
         * @param tag names the round's task ids ({@code <prefix>-<tag>-000000}...) and its bare copy's
         *            topics, so every round's are its own
         */
        PipelineRound run(int run, String label, String tag, int tasks, Path jfr) throws IOException, InterruptedException {
            String idPrefix = fleet.topicPrefix() + "-" + tag;
            List<Task> mix = PolicyTaskMix.tasks(tasks, options.seed());
            byte[] body = jsonl(mix, idPrefix);
            Set<String> ids = new LinkedHashSet<>();
            for (int i = 0; i < tasks; i++) {
                ids.add(id(idPrefix, i));
            }

            Map<String, Long> services = new LinkedHashMap<>();
            fleet.services().forEach(service -> services.put(service.name(), service.pid()));
            services.put(BrokerProcess.NAME, broker.pid());
            if (jfr != null) {
                Files.createDirectories(jfr);
                fleet.services().forEach(service -> Jcmd.startRecording(service.pid(), JFR_RECORDING,
                        jfr.resolve(service.name() + ".jfr")));
            }
            log("%s: submitting %d tasks (%.1f MiB of JSONL)", label, tasks, body.length / 1048576.0);
            Map<String, ProcessSampler> samplers = new LinkedHashMap<>();
            services.forEach((name, pid) -> samplers.put(name, ProcessSampler.start(pid)));
            long startMs = System.currentTimeMillis();
            String batchId = BenchFleet.submit(client, body, tasks);
            long acceptedMs = System.currentTimeMillis();
            BatchStatus status = new BatchWaiter(new StatusFeed(client, STATUS_POLL), STALL_TIMEOUT, this::healthCheck,
                    Clock.systemUTC()).await(batchId, ProgressView.none());
            long completedMs = System.currentTimeMillis();
            Map<String, Long> pipelineCpu = new LinkedHashMap<>();
            samplers.forEach((name, sampler) -> {
                pipelineCpu.put(name, sampler.cpuTicksSinceStart());
                sampler.close();
            });
            if (jfr != null) {
                fleet.services().forEach(service -> Jcmd.stopRecording(service.pid(), JFR_RECORDING));
                log("%s: JFR recordings of every service in %s", label, jfr);
            }
            checkResults(batchId, status, ids);
            long toLastResultMs = status.lastResultAt().toEpochMilli() - startMs;
            log("%s: batch %s COMPLETED, every task exactly one result, succeeded; %.2f s from upload start "
                            + "(accepted after %.2f s, last result after %.2f s), %.0f tasks/s", label, batchId,
                    (completedMs - startMs) / 1000.0, (acceptedMs - startMs) / 1000.0, toLastResultMs / 1000.0,
                    tasks / ((completedMs - startMs) / 1000.0));
            log("%s: when each hop wrote the batch's records (record timestamps):%n%s", label,
                    StageTimeline.read(broker.bootstrapServers(), names, ids, startMs).render().stripTrailing());

            List<ThreeHopCopy.Source> records = sourceRecords(ids);
            Map<String, Long> sampled = new LinkedHashMap<>();
            sampled.put("copies (harness JVM)", ProcessHandle.current().pid());
            sampled.put(BrokerProcess.NAME, broker.pid());
            fleet.services().forEach(service -> sampled.put(service.name(), service.pid()));
            log("%s: bare 3-hop copy of the batch's %d records from %s", label, records.size(), names.tasks());
            ThreeHopCopy.Result bare = ThreeHopCopy.run(broker.bootstrapServers(),
                    fleet.topicPrefix() + ".bare-" + tag, records,
                    partitions(records), options.maxPollRecords(), sampled, COPY_TIMEOUT);
            Map<String, Long> bareCpu = new LinkedHashMap<>();
            bareCpu.put("copies (harness JVM)", bare.cpuTicks().get("copies (harness JVM)"));
            bareCpu.put(BrokerProcess.NAME, bare.cpuTicks().get(BrokerProcess.NAME));
            long idleFleet = bare.cpuTicks().entrySet().stream().filter(e -> !bareCpu.containsKey(e.getKey()))
                    .mapToLong(Map.Entry::getValue).filter(t -> t >= 0).sum();
            PipelineRound round = new PipelineRound(run, tasks, completedMs - startMs, toLastResultMs,
                    bare.lastMs() - bare.firstMs(), bare.lastMs() - bare.startMs(), pipelineCpu, bareCpu);
            log("%s: bare copy, every record exactly once on the last hop; %.2f s first to last output (%.2f s "
                            + "from starting the hops), %.0f records/s; pipeline = %.1f%% of it; the idle fleet used "
                            + "%.2f CPU-s meanwhile", label, round.bareMs() / 1000.0, round.bareWholeMs() / 1000.0,
                    round.bareRate(), 100 * round.ratio(), idleFleet / 100.0);
            return round;
        }

        private void healthCheck() {
            for (ServiceProcess service : fleet.services()) {
                if (!service.isAlive()) {
                    throw service.failure(service.name() + " exited during the batch");
                }
            }
        }

        /**
         * The producer's view (COMPLETED, every task succeeded, no repeated result dropped) and the
         * topic's: every task id of the batch has exactly one result record, succeeded, and no other
         * task of the batch has one.
         */
        private void checkResults(String batchId, BatchStatus status, Set<String> ids) {
            if (status.state() != BatchState.COMPLETED || status.succeeded() != ids.size() || status.failed() != 0
                    || status.duplicatesDropped() != 0) {
                throw new IllegalStateException("batch " + batchId + " ended " + status.state() + " with " + status.succeeded()
                        + " of " + ids.size() + " succeeded, " + status.failed() + " failed, "
                        + status.duplicatesDropped() + " repeated results dropped");
            }
            ResultCount count = new ResultCount(batchId, ids);
            TopicScan.scan(broker.bootstrapServers(), List.of(names.results()), TopicScan.Isolation.COMMITTED, record -> count.add(decode(record.value())));
            count.verify();
        }

        /** The batch's records on the tasks topic, as the producer wrote them; each task exactly once. */
        private List<ThreeHopCopy.Source> sourceRecords(Set<String> ids) {
            List<ThreeHopCopy.Source> records = new ArrayList<>(ids.size());
            Set<String> seen = new HashSet<>();
            TopicScan.scan(broker.bootstrapServers(), List.of(names.tasks()), TopicScan.Isolation.COMMITTED, record -> {
                String id = new String(record.key(), StandardCharsets.UTF_8);
                if (ids.contains(id)) {
                    if (!seen.add(id)) {
                        throw new IllegalStateException(id + " is on " + names.tasks() + " more than once");
                    }
                    records.add(new ThreeHopCopy.Source(record.partition(), record.key(), record.value()));
                }
            });
            if (records.size() != ids.size()) {
                throw new IllegalStateException(names.tasks() + " has " + records.size() + " of the batch's " + ids.size()
                        + " tasks");
            }
            return records;
        }
    }

    private static int partitions(List<ThreeHopCopy.Source> records) {
        return records.stream().mapToInt(ThreeHopCopy.Source::partition).max().orElse(0) + 1;
    }

    /** The tasks as a JSONL submission body, renumbered {@code <idPrefix>-000000}... */
    static byte[] jsonl(List<Task> tasks, String idPrefix) {
        StringBuilder out = new StringBuilder(tasks.size() * 1200);
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            ObjectNode line = EventCodec.mapper().createObjectNode();
            line.put("id", id(idPrefix, i));
            line.put("type", task.type());
            line.put("prompt", task.prompt());
            if (task.tierHint() != null) {
                line.put("tierHint", task.tierHint());
            }
            out.append(line).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String id(String idPrefix, int index) {
        return String.format(Locale.ROOT, "%s-%06d", idPrefix, index);
    }

    private static TaskResult decode(byte[] value) {
        try {
            return value == null ? null : EventCodec.decodeResult(value);
        } catch (EventDecodingException e) {
            return null;
        }
    }

    private static void log(String pattern, Object... args) {
        System.out.printf(Locale.ROOT, "[pipeline-benchmark] " + pattern + "%n", args);
    }
}
