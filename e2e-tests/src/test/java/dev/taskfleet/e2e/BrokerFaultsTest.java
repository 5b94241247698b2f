package dev.taskfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.process.ServiceProcess;
import dev.taskfleet.testkit.ProcessSignals;
import dev.taskfleet.testkit.modelserver.OpenAiChat;
import dev.taskfleet.testkit.modelserver.ScriptedModelServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fault suite's broker faults, measured as {@link FaultSuiteTest} measures its own: a fleet
 * whose Kafka broker runs as a process of its own ({@link SeparateBroker}, as {@code taskfleet
 * local} runs it), killed mid-batch and started again, and frozen past the clients' request
 * timeouts. The second half of each of those batches is held at the model until the fault has
 * landed, so it lands mid-batch whatever the machine's speed, and is released while the broker is
 * away, so results are made that cannot be published until it is back. Then the mixed run: seven
 * faults, the broker's among them, in one batch ({@link #everyFaultInOneBatchOnASeededSchedule}).
 * A service whose liveness probe fails afterwards is restarted, as Kubernetes would, and the
 * figures say so. Figures go to {@code e2e-tests/target/fault-suite/broker-figures.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerFaultsTest {

    private static final String PREFIX = "e2e-broker-faults";
    private static final long SEED = Long.getLong("taskfleet.faults.seed", 20261202L);
    /** The documented switch to the long run (docs/RELIABILITY.md). */
    private static final boolean LONG_RUN = Boolean.getBoolean("taskfleet.faults.long");
    private static final int TASKS = Integer.getInteger("taskfleet.faults.tasks", LONG_RUN ? 2000 : 80);
    private static final Duration CALL_TIME = Duration.ofMillis(250);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
    private static final int MAX_IN_FLIGHT = 8;
    /**
     * The services' Kafka request timeout (the clients' default is 30 s): a freeze must outlast it,
     * and a shorter one keeps the freeze short.
     */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(8);
    /** What the Kafka clients log when a request outlives its timeout (NetworkClient, INFO). */
    private static final String REQUEST_TIMED_OUT = "due to request timeout";
    /** How long a batch may take to finish after its fault: the long run's 2,000 tasks need far longer. */
    private static final Duration FINISH = Duration.ofMinutes(LONG_RUN ? 20 : 5);
    private static final Duration OUTAGE = Duration.parse(System.getProperty("taskfleet.faults.outage",
            LONG_RUN ? "PT2M" : "PT5S"));
    private static final Duration RESTART_TIMEOUT = Duration.ofMinutes(2);

    private static final ScriptedModelServer model = ScriptedModelServer.start();
    private static final FaultyProvider provider = new FaultyProvider(SEED, CALL_TIME, CALL_TIMEOUT);
    private static final List<FaultFigures> figures = new ArrayList<>();

    @RegisterExtension
    @Order(1)
    static final SeparateBroker broker = new SeparateBroker("broker-faults");

    @RegisterExtension
    @Order(2)
    static final RunningFleet running = new RunningFleet(PREFIX, broker::bootstrapServers, () -> PackagedFleet.gatedTier(
                    PackagedFleet.builder("fleet-broker-faults", PREFIX, List.of("fast"), broker.bootstrapServers()),
                    "fast", model)
            .serviceProperty("taskfleet.tiers.fast.timeout", CALL_TIMEOUT.toString())
            .serviceProperty("taskfleet.worker.max-in-flight", Integer.toString(MAX_IN_FLIGHT))
            // As in FaultSuiteTest: retries outlast the mixed run's outage, and a frozen worker
            // leaves its group after 6 s (the broker's least) instead of 45 s.
            .serviceProperty("taskfleet.tiers.fast.max-attempts", "6")
            .serviceProperty("taskfleet.tiers.fast.retry.initial-backoff", "1s")
            .serviceProperty("taskfleet.tiers.fast.retry.max-backoff", "8s")
            .serviceProperty("mp.messaging.incoming.tasks.session.timeout.ms", "6000")
            .serviceProperty("mp.messaging.incoming.tasks.heartbeat.interval.ms", "1000")
            .serviceProperty("kafka.request.timeout.ms", Long.toString(REQUEST_TIMEOUT.toMillis()))
            // The evidence that a freeze outlasted the clients' request timeouts.
            .serviceProperty("quarkus.log.category.\"org.apache.kafka.clients.NetworkClient\".level", "INFO"));

    /** Failed liveness probes in a row that make the supervisor restart a service (Kubernetes' default). */
    private static final int FAILURE_THRESHOLD = 3;
    /** How often the supervisor probes a service (Kubernetes' default {@code periodSeconds}), however often it is asked. */
    private static final Duration PROBE_PERIOD = Duration.ofSeconds(10);

    /** Services the test restarted because their liveness probe failed: what Kubernetes would have done. */
    private final List<String> restarted = new ArrayList<>();
    private final Map<String, Integer> failedProbes = new HashMap<>();
    private final Map<String, Instant> lastProbes = new HashMap<>();

    @BeforeAll
    static void playTheProvider() {
        model.route(OpenAiChat.COMPLETIONS).otherwise(provider);
    }

    @AfterAll
    static void writeTheFigures() throws IOException {
        model.close();
        Path report = Path.of("target", "fault-suite", "broker-figures.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, TASKS + " tasks per fault, services' Kafka request timeout "
                + REQUEST_TIMEOUT + "\n\n" + FaultFigures.TABLE_HEADER + "\n"
                + figures.stream().map(FaultFigures::tableRow).collect(Collectors.joining("\n")) + "\n");
    }

    @Test
    @Order(1)
    void theBrokerKilledMidBatchAndStartedAgain() {
        Batch batch = submitHoldingTheSecondHalf("bkill");
        awaitEveryCallInFlightHeld();
        ServiceProcess worker = running.fleet().service(LocalFleet.workerName("fast"));
        double callsEndedAtTheKill = modelCallsEnded(worker);

        Instant killedAt = Instant.now();
        broker.kill();
        long finishedAtTheKill;
        long answeredWhileDown;
        try {
            finishedAtTheKill = batch.finishedOnTopic();
            assertThat(finishedAtTheKill).as("the kill landed mid-batch").isLessThan(TASKS);
            model.release();
            // Work goes on without the broker: the held calls end, and their results wait in the
            // worker, unacknowledged, until the broker is back.
            await().atMost(FINISH).until(() -> modelCallsEnded(worker) >= callsEndedAtTheKill + MAX_IN_FLIGHT);
            answeredWhileDown = Math.round(modelCallsEnded(worker) - callsEndedAtTheKill);
        } finally {
            broker.restart();
        }
        Duration down = Duration.between(killedAt, Instant.now());

        finishAndCheck(batch, () -> "broker SIGKILL with " + finishedAtTheKill + " of " + TASKS + " finished, down "
                + down.toSeconds() + " s (" + answeredWhileDown + " calls answered meanwhile), started again on its data"
                + restarts());
    }

    @Test
    @Order(2)
    void theBrokerFrozenPastTheClientsRequestTimeouts() throws IOException {
        Batch batch = submitHoldingTheSecondHalf("bfreeze");
        awaitEveryCallInFlightHeld();

        List<ServiceProcess> services = running.fleet().services();
        List<Long> logLengths = logLengths(services);
        Instant frozenAt = Instant.now();
        broker.freeze();
        long finishedAtTheFreeze;
        Duration frozenFor;
        try {
            finishedAtTheFreeze = batch.finishedOnTopic();
            assertThat(finishedAtTheFreeze).as("the freeze landed mid-batch").isLessThan(TASKS);
            model.release();
            awaitEveryServicesRequestTimeout(services, logLengths, frozenAt);
        } finally {
            broker.thaw();
            frozenFor = Duration.between(frozenAt, Instant.now());
        }
        assertThat(frozenFor).as("frozen past the request timeout").isGreaterThan(REQUEST_TIMEOUT);

        finishAndCheck(batch, () -> "broker SIGSTOP with " + finishedAtTheFreeze + " of " + TASKS + " finished, for "
                + frozenFor.toSeconds() + " s, until every service had a Kafka request time out and past the request timeout ("
                + REQUEST_TIMEOUT.toSeconds() + " s), then SIGCONT" + restarts());
    }

    /** The faults of the mixed run: one of each, in an order drawn from the seed. */
    private enum MixedFault {
        WORKER_KILL("worker SIGKILL, restarted"),
        WORKER_FREEZE("worker SIGSTOP until its group lost it (6 s session), SIGCONT"),
        ROUTER_KILL("router SIGKILL, restarted"),
        PRODUCER_KILL("producer SIGKILL, restarted"),
        BROKER_KILL("broker SIGKILL, started again"),
        BROKER_FREEZE("broker SIGSTOP past the request timeout, SIGCONT"),
        PROVIDER_OUTAGE("provider HTTP 500s");

        private final String description;

        MixedFault(String description) {
            this.description = description;
        }
    }

    /**
     * Every fault in one batch, one after another in a seeded order, while the provider also
     * answers some first calls with 429s, too slowly or cut off. The batch's calls are let through
     * a share at a time: before each fault the batch goes as far as it may (the tasks let through
     * are finished, or every call in flight is held at the model), so each fault lands mid-batch,
     * and the next share is let through as soon as the fault is in, so work goes on while the fleet
     * recovers from it.
     */
    @Test
    @Order(3)
    void everyFaultInOneBatchOnASeededSchedule() throws Exception {
        List<MixedFault> faults = new ArrayList<>(List.of(MixedFault.values()));
        Collections.shuffle(faults, new Random(SEED));
        int share = TASKS / (faults.size() + 1);
        AtomicInteger letThrough = new AtomicInteger(share);
        String name = "mixed";
        holdTasksFrom(name, letThrough::get);
        provider.misbehaveFor(name + "-");
        Batch batch = submit(name);
        List<String> landed = new ArrayList<>();
        for (MixedFault fault : faults) {
            int goal = letThrough.get();
            await().atMost(FINISH).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                superviseOnce();
                return batch.finishedOnTopic() >= goal || model.heldRequests() >= MAX_IN_FLIGHT;
            });
            long finishedAtTheFault = batch.finishedOnTopic();
            assertThat(finishedAtTheFault).as("%s landed mid-batch", fault).isLessThan(TASKS);
            String outcome = inject(fault, () -> {
                letThrough.addAndGet(share);
                model.releaseHeld();
            });
            landed.add(fault.description + outcome + " (" + finishedAtTheFault + " finished)");
        }
        model.release();
        finishAndCheck(batch, () -> "every fault in one batch, in a seeded order (tasks finished when it landed): "
                + String.join("; ", landed) + "; provider calls met: " + provider.injected().entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + restarts());
    }

    /**
     * Injects the fault, runs {@code carryOn} as soon as it is in (while the fleet is still without
     * the part it took away), then waits until the fleet has that part back.
     *
     * @return what to add to the fault's description
     */
    private static String inject(MixedFault fault, Runnable carryOn) throws Exception {
        switch (fault) {
            case WORKER_KILL:
                killAndRestart(LocalFleet.workerName("fast"), carryOn);
                return "";
            case ROUTER_KILL:
                killAndRestart(LocalFleet.ROUTER, carryOn);
                return "";
            case PRODUCER_KILL:
                killAndRestart(LocalFleet.PRODUCER, carryOn);
                return "";
            case WORKER_FREEZE:
                return freezeTheWorkerUntilItsGroupLosesIt(carryOn);
            case BROKER_KILL: {
                Instant killedAt = Instant.now();
                broker.kill();
                try {
                    carryOn.run();
                } finally {
                    broker.restart();
                }
                return ", down " + Duration.between(killedAt, Instant.now()).toSeconds() + " s";
            }
            case BROKER_FREEZE: {
                List<ServiceProcess> services = running.fleet().services();
                List<Long> logLengths = logLengths(services);
                Instant frozenAt = Instant.now();
                broker.freeze();
                try {
                    carryOn.run();
                    awaitEveryServicesRequestTimeout(services, logLengths, frozenAt);
                } finally {
                    broker.thaw();
                }
                return " " + Duration.between(frozenAt, Instant.now()).toSeconds() + " s";
            }
            case PROVIDER_OUTAGE: {
                long failedBefore = provider.injected().getOrDefault("HTTP 500", 0L);
                Instant ends = Instant.now().plus(OUTAGE);
                provider.outageFor(OUTAGE);
                carryOn.run();
                // The outage lasts as long as it was set for; calls of the share just let through meet it.
                await().atMost(OUTAGE.plusMinutes(1)).until(() -> Instant.now().isAfter(ends));
                long failed = provider.injected().getOrDefault("HTTP 500", 0L) - failedBefore;
                assertThat(failed).as("calls that met the outage").isPositive();
                return " for " + OUTAGE.toSeconds() + " s (" + failed + " calls met it)";
            }
            default:
                throw new IllegalArgumentException("no such fault: " + fault);
        }
    }

    private static void killAndRestart(String service, Runnable carryOn) {
        ServiceProcess victim = running.fleet().service(service);
        victim.kill();
        await().atMost(Duration.ofSeconds(30)).until(() -> !victim.isAlive());
        carryOn.run();
        running.fleet().restart(service).awaitReady(RESTART_TIMEOUT);
    }

    private static String freezeTheWorkerUntilItsGroupLosesIt(Runnable carryOn) throws Exception {
        ServiceProcess zombie = running.fleet().service(LocalFleet.workerName("fast"));
        try (GroupMembers group = GroupMembers.ofTier(broker.bootstrapServers(), "fast", running.topics().tier("fast"))) {
            await().atMost(Duration.ofMinutes(1)).until(() -> group.count() == 1);
            Instant frozenAt = Instant.now();
            ProcessSignals.freeze(zombie.handle());
            try {
                carryOn.run();
                await().atMost(Duration.ofMinutes(1)).until(() -> group.count() == 0);
            } finally {
                ProcessSignals.thaw(zombie.handle());
            }
            Duration frozenFor = Duration.between(frozenAt, Instant.now());
            await().atMost(Duration.ofMinutes(1)).until(() -> group.count() == 1);
            return " after " + frozenFor.toSeconds() + " s";
        }
    }

    /**
     * Waits until the worker's every call in flight is one of the held second half: the batch can
     * go no further until the test releases them, so the fault lands mid-batch on any machine.
     */
    private static void awaitEveryCallInFlightHeld() {
        await().atMost(FINISH).until(() -> model.heldRequests() >= MAX_IN_FLIGHT);
    }

    /** Model calls the worker has seen end, whatever became of their results. */
    private static double modelCallsEnded(ServiceProcess worker) {
        return ServiceMetrics.value(worker, "taskfleet_model_call_seconds_count", "tier", "fast");
    }

    /**
     * Waits, the broker frozen since {@code frozenAt}, until every service's log after the lengths
     * noted says a Kafka request timed out, and the request timeout has passed: a request sent just
     * before the freeze times out a little under the timeout after it, so the freeze also lasts the
     * whole timeout.
     */
    private static void awaitEveryServicesRequestTimeout(List<ServiceProcess> services, List<Long> logLengths,
                                                         Instant frozenAt) {
        await().atMost(Duration.ofMinutes(2)).until(() -> timedOutRequests(services, logLengths).size() == services.size()
                && Duration.between(frozenAt, Instant.now()).compareTo(REQUEST_TIMEOUT) > 0);
    }

    private static List<Long> logLengths(List<ServiceProcess> services) throws IOException {
        List<Long> lengths = new ArrayList<>();
        for (ServiceProcess service : services) {
            lengths.add(Files.size(service.logFile()));
        }
        return lengths;
    }

    /** The services whose log, after the lengths noted, says a Kafka request timed out. */
    private static List<String> timedOutRequests(List<ServiceProcess> services, List<Long> logLengths) throws IOException {
        List<String> timedOut = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            byte[] log = Files.readAllBytes(services.get(i).logFile());
            int from = (int) Math.min(logLengths.get(i), log.length);
            if (new String(log, from, log.length - from, StandardCharsets.UTF_8).contains(REQUEST_TIMED_OUT)) {
                timedOut.add(services.get(i).name());
            }
        }
        return timedOut;
    }

    /** One batch: tasks {@code <name>-0...}, submitted through the API. */
    private record Batch(String id, String taskPrefix, Instant submitted) {

        long finishedOnTopic() {
            return running.results().distinctTasksOfBatch(id);
        }
    }

    private static Batch submitHoldingTheSecondHalf(String name) {
        holdTasksFrom(name, () -> TASKS / 2);
        return submit(name);
    }

    /** Holds at the model every call of a task {@code <name>-<i>} with {@code i} at or above {@code first} (asked per call). */
    private static void holdTasksFrom(String name, IntSupplier first) {
        String prefix = name + "-";
        model.holdWhere(request -> {
            String taskId = FaultyProvider.taskIdOf(request.prompt());
            return taskId.startsWith(prefix) && Integer.parseInt(taskId.substring(prefix.length())) >= first.getAsInt();
        });
    }

    private static Batch submit(String name) {
        Instant submitted = Instant.now();
        var response = users().submitJsonl(new ByteArrayInputStream(FaultyProvider.jsonl(name, 0, TASKS)));
        assertThat(response.accepted()).as("tasks accepted").isEqualTo(TASKS);
        return new Batch(response.batchId(), name + "-", submitted);
    }

    /**
     * Waits for the batch to finish while playing the supervisor (a service whose liveness probe
     * fails is killed and started again), measures it and checks the promise.
     */
    private void finishAndCheck(Batch batch, Supplier<String> fault) {
        try {
            await().atMost(FINISH).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
                superviseOnce();
                return users().status(batch.id()).finished() == TASKS;
            });
        } finally {
            FaultFigures measured = FaultFigures.measure(fault.get(), TASKS, batch.id(), batch.submitted(),
                    running.results(), users(), provider.callsFor(batch.taskPrefix()));
            figures.add(measured);
            assertThat(measured.lost()).as("tasks lost").isZero();
            assertThat(measured.stuck()).as("tasks stuck").isZero();
            assertThat(measured.duplicatesSeenByUsers()).as("second results users saw").isZero();
        }
        assertThat(running.fleet().services()).as("services alive").allMatch(ServiceProcess::isAlive);
    }

    /**
     * Kubernetes' part: probes each service's liveness at most once per {@link #PROBE_PERIOD}, and
     * kills and restarts a service after {@link #FAILURE_THRESHOLD} failed probes in a row. Called
     * from waits that poll far more often; the period keeps it from restarting a service that
     * would have recovered within the time Kubernetes gives it.
     */
    private void superviseOnce() {
        Instant now = Instant.now();
        for (ServiceProcess service : running.fleet().services()) {
            Instant lastProbe = lastProbes.get(service.name());
            if (lastProbe != null && Duration.between(lastProbe, now).compareTo(PROBE_PERIOD) < 0) {
                continue;
            }
            lastProbes.put(service.name(), now);
            int failed = LivenessProbe.live(service) ? 0 : failedProbes.getOrDefault(service.name(), 0) + 1;
            failedProbes.put(service.name(), failed);
            if (failed >= FAILURE_THRESHOLD) {
                failedProbes.remove(service.name());
                lastProbes.remove(service.name());
                killAndRestart(service.name(), () -> { });
                restarted.add(service.name());
            }
        }
    }

    private String restarts() {
        String names = String.join(", ", new TreeSet<>(restarted));
        restarted.clear();
        return names.isEmpty() ? "; no service restarted" : "; liveness failed, restarted: " + names;
    }

    private static BatchClient users() {
        return PackagedFleet.client(running.fleet());
    }
}
