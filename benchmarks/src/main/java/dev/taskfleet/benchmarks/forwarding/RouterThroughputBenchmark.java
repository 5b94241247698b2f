package dev.taskfleet.benchmarks.forwarding;

import dev.taskfleet.benchmarks.BenchTopics;
import dev.taskfleet.benchmarks.HarnessOptions;
import dev.taskfleet.benchmarks.OneService;
import dev.taskfleet.benchmarks.ScratchDirectory;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.launcher.broker.BrokerProcess;
import dev.taskfleet.launcher.process.ServiceProcess;
import dev.taskfleet.policy.OutcomeStats;
import dev.taskfleet.policy.PolicyException;
import dev.taskfleet.policy.RoutingPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Issue 4: how fast the packaged router forwards a backlog (exactly once, in transactions,
 * deciding each task with the default policy), against a plain consume-produce copy of the same
 * records and a transactional copy, in the same run on the same broker.
 *
 * <p>Starts a broker on free ports and pre-loads {@code <prefix>.tasks}: first the warm-up's tasks
 * ({@code --warm-up}), then the measured ones in a transaction held open. Output topics (the
 * router's tier topics and dead letters, the copies' targets) are created first with
 * {@code LogAppendTime}, so every forwarder is timed by the broker's clock. Then, one at a time:
 * the router (started only now; once its group has committed the warm-up's offsets the measured
 * tasks are released, all at once, and it is waited for until it has committed every input
 * offset), the plain copy and the transactional copy (in this JVM, each with its own group,
 * through the warm-up and then the measured tasks too). Every forwarder is measured on the
 * measured tasks alone, warm: the router is a long-running service, and a cold one spent about
 * 40% of its CPU in the JIT compiler. Each output is then checked read_committed, task by task.
 */
public final class RouterThroughputBenchmark {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(90);
    private static final List<String> TIERS = List.of("fast", "quality");
    /** The router's consumer group (a constant of the router, not configurable). */
    private static final String ROUTER_GROUP = "taskfleet-router";

    private final ForwardingOptions options;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    private RouterThroughputBenchmark(ForwardingOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        HarnessOptions.run(new ForwardingOptions(), args, options -> {
            List<ForwardingMeasurement> rows = new RouterThroughputBenchmark(options).run();
            System.out.println();
            System.out.print(ForwardingTable.render(rows));
        });
    }

    /** Runs the copies and the router as {@code options} say; throws if any output is wrong. */
    public static List<ForwardingMeasurement> measure(ForwardingOptions options) throws IOException, InterruptedException {
        return new RouterThroughputBenchmark(options).run();
    }

    private List<ForwardingMeasurement> run() throws IOException, InterruptedException {
        Path work = options.workDir();
        Files.createDirectories(work);
        String prefix = "rt-" + runId;
        TopicNames names = new TopicNames(prefix);
        log("run %s, repository %s, work directory %s, %d tasks, %d partitions, copies' max.poll.records %d, "
                + "copies' batching %s %s", runId, options.home(), work, options.tasks(), options.partitions(),
                options.maxPollRecords(), options.copyBatching().name().toLowerCase(Locale.ROOT),
                options.copyBatching().settings());
        try (ScratchDirectory brokerData = ScratchDirectory.create(work, "broker-");
                BrokerProcess broker = BrokerProcess.start(brokerData.path(), options.home().resolve("launcher/target/lib"),
                        0, 0, work.resolve("logs"))) {
            broker.awaitReady(READY_TIMEOUT);
            String bootstrap = broker.bootstrapServers();
            log("broker ready on %s", bootstrap);
            List<String> routerOutputs = new ArrayList<>(TIERS.stream().map(names::tier).toList());
            routerOutputs.add(names.deadLetters());
            String copyTopic = prefix + ".copy";
            String txCopyTopic = prefix + ".copy-tx";
            BenchTopics.create(bootstrap, options.partitions(), names.tasks());
            BenchTopics.create(bootstrap, options.partitions(), BenchTopics.LOG_APPEND_TIME,
                    routerOutputs.toArray(String[]::new));
            BenchTopics.create(bootstrap, options.partitions(), BenchTopics.LOG_APPEND_TIME, copyTopic, txCopyTopic);

            if (options.warmUp() > 0) {
                long warmUpBytes = TaskLoader.load(bootstrap, names.tasks(), options.tasks(), options.warmUp(),
                        warmUpSeed());
                log("pre-loaded %d warm-up tasks on %s, %.1f MiB of values", options.warmUp(), names.tasks(),
                        warmUpBytes / 1048576.0);
            }
            Map<String, String> routedTier = expectedTiers();
            ForwardingMeasurement routerRow;
            try (TaskLoader.HeldBacklog backlog = TaskLoader.hold(bootstrap, names.tasks(), 0, options.tasks(),
                    options.seed())) {
                log("pre-loaded %d tasks on %s in a transaction held open, %.1f MiB of values (%.0f bytes each on "
                        + "average)", options.tasks(), names.tasks(), backlog.bytes() / 1048576.0,
                        (double) backlog.bytes() / options.tasks());
                routerRow = router(bootstrap, broker.pid(), prefix, names, routerOutputs, routedTier, backlog);
            }
            List<ForwardingMeasurement> rows = new ArrayList<>();
            rows.add(copy(bootstrap, broker.pid(), "plain copy", names.tasks(), copyTopic, false, routedTier));
            if (options.transactional()) {
                rows.add(copy(bootstrap, broker.pid(), "transactional copy", names.tasks(), txCopyTopic, true,
                        routedTier));
            }
            rows.add(routerRow);
            return rows;
        }
    }

    /** The warm-up's tasks come from other seeds than the measured ones. */
    private long warmUpSeed() {
        return options.seed() + 1_000_003;
    }

    /** Whether {@code taskId} is one of the measured tasks rather than the warm-up's (whose ids follow theirs). */
    private boolean measured(String taskId) {
        return TaskLoader.index(taskId) < options.tasks();
    }

    /** Input records a forwarder has moved once it is through the warm-up and the measured tasks. */
    private long everything() {
        return (long) options.warmUp() + options.tasks();
    }

    /** The tier the default policy gives each loaded task, decided here as the router will. */
    private Map<String, String> expectedTiers() {
        RoutingPolicy policy;
        try {
            policy = RoutingPolicy.defaultPolicy(TIERS);
        } catch (PolicyException e) {
            throw new IllegalStateException("the default policy does not load", e);
        }
        Map<String, String> tiers = new HashMap<>();
        Consumer<Task> decide = task -> tiers.put(task.id(), policy.decide(task, OutcomeStats.NONE).tier());
        TaskLoader.forEachTask(0, options.tasks(), options.seed(), decide);
        TaskLoader.forEachTask(options.tasks(), options.warmUp(), warmUpSeed(), decide);
        return tiers;
    }

    private ForwardingMeasurement router(String bootstrap, long brokerPid, String prefix, TopicNames names,
                                         List<String> outputs, Map<String, String> routedTier,
                                         TaskLoader.HeldBacklog backlog) throws IOException, InterruptedException {
        Map<String, String> properties = new HashMap<>(options.routerProperties());
        properties.putIfAbsent("taskfleet.topics.partitions", Integer.toString(options.partitions()));
        List<String> javaOptions = new ArrayList<>();
        if (options.jfr() != null) {
            Files.createDirectories(options.jfr());
            Path recording = options.jfr().resolve("router-" + runId + ".jfr");
            // Dumped when the router exits (the harness stops it with SIGTERM once it is measured).
            javaOptions.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + recording);
            log("router: recorded with JFR to %s", recording);
        }
        log("router: starting the packaged router, extra properties %s", options.routerProperties());
        try (ServiceProcess router = OneService.start(options.home(), "router", bootstrap, prefix, TIERS, javaOptions,
                properties, Map.of(), options.workDir().resolve("logs"))) {
            Runnable alive = () -> {
                if (!router.isAlive()) {
                    throw router.failure("the router exited");
                }
            };
            if (options.warmUp() > 0) {
                GroupWatcher.await(bootstrap, ROUTER_GROUP, names.tasks(), options.warmUp(), router.pid(), brokerPid,
                        STALL_TIMEOUT, alive);
                log("router: through the %d warm-up tasks; releasing the measured ones", options.warmUp());
            }
            backlog.release();
            ForwardingMeasurement.CpuWindow cpu = GroupWatcher.await(bootstrap, ROUTER_GROUP, names.tasks(),
                    everything(), router.pid(), brokerPid, STALL_TIMEOUT, alive);
            Map<String, String> expected = new HashMap<>();
            routedTier.forEach((id, tier) -> expected.put(id, names.tier(tier)));
            return measured("router", bootstrap, outputs, cpu, expected);
        }
    }

    private ForwardingMeasurement copy(String bootstrap, long brokerPid, String name, String input, String output,
                                       boolean transactional, Map<String, String> loaded) throws InterruptedException {
        log("%s: copying %s to %s", name, input, output);
        String group = "bench-" + (transactional ? "copy-tx-" : "copy-") + runId;
        Map<String, Object> batching = options.copyBatching().settings();
        CopyLoop loop = transactional
                ? CopyLoop.transactional(bootstrap, input, output, group, options.maxPollRecords(), batching)
                : CopyLoop.plain(bootstrap, input, output, group, options.maxPollRecords(), batching);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                loop.copy(everything());
            } catch (RuntimeException e) {
                failure.set(e);
            }
        }, "copy-" + group);
        thread.start();
        Runnable healthy = () -> {
            if (failure.get() != null) {
                throw new IllegalStateException(name + " failed", failure.get());
            }
        };
        if (options.warmUp() > 0) {
            GroupWatcher.await(bootstrap, group, input, options.warmUp(), ProcessHandle.current().pid(), brokerPid,
                    STALL_TIMEOUT, healthy);
        }
        ForwardingMeasurement.CpuWindow cpu = GroupWatcher.await(bootstrap, group, input, everything(),
                ProcessHandle.current().pid(), brokerPid, STALL_TIMEOUT, healthy);
        thread.join();
        Map<String, String> expected = new HashMap<>();
        loaded.keySet().forEach(id -> expected.put(id, output));
        return measured(name, bootstrap, List.of(output), cpu, expected);
    }

    private ForwardingMeasurement measured(String name, String bootstrap, List<String> outputs,
                                           ForwardingMeasurement.CpuWindow cpu, Map<String, String> expectedTopic) {
        OutputReader.Output output = OutputReader.read(bootstrap, outputs, this::measured);
        if (output.appendTimes().length != options.tasks()) {
            throw new IllegalStateException(name + " left " + output.appendTimes().length + " measured records on "
                    + outputs + ", expected " + options.tasks());
        }
        PlacementCheck.verify(name, output, expectedTopic);
        ForwardingMeasurement row = ForwardingMeasurement.of(name, output.appendTimes(), cpu);
        log("%s: every task exactly once on its topic (read_committed); %d records in %.2f s, %.0f records/s (middle 80%%: %.0f/s), CPU per 1k records: forwarder %.0f ms, "
                        + "broker %.0f ms", name, row.records(), row.seconds(), row.recordsPerSecond(),
                row.middleRecordsPerSecond(), row.forwarderCpuMsPerThousand(), row.brokerCpuMsPerThousand());
        return row;
    }

    private static void log(String pattern, Object... args) {
        System.out.printf(Locale.ROOT, "[router-benchmark] " + pattern + "%n", args);
    }
}
