package dev.taskfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.process.ServiceProcess;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
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
 * timeouts. The second half of each batch is held at the model until the fault has landed, so it
 * lands mid-batch whatever the machine's speed, and is released while the broker is away, so
 * results are made that cannot be published until it is back. A service whose liveness probe
 * fails afterwards is restarted, as Kubernetes would, and the figures say so. Figures go to
 * {@code e2e-tests/target/fault-suite/broker-figures.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerFaultsTest {

    private static final String PREFIX = "e2e-broker-faults";
    private static final long SEED = Long.getLong("taskfleet.faults.seed", 20261202L);
    private static final int TASKS = Integer.getInteger("taskfleet.faults.tasks",
            Boolean.getBoolean("taskfleet.faults.long") ? 2000 : 80);
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
    private static final Duration FINISH = Duration.ofMinutes(5);

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
            .serviceProperty("kafka.request.timeout.ms", Long.toString(REQUEST_TIMEOUT.toMillis()))
            // The evidence that a freeze outlasted the clients' request timeouts.
            .serviceProperty("quarkus.log.category.\"org.apache.kafka.clients.NetworkClient\".level", "INFO"));

    /** Failed liveness probes in a row that make the supervisor restart a service (Kubernetes' default). */
    private static final int FAILURE_THRESHOLD = 3;

    /** Services the test restarted because their liveness probe failed: what Kubernetes would have done. */
    private final List<String> restarted = new ArrayList<>();
    private final Map<String, Integer> failedProbes = new HashMap<>();

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
        List<Long> logLengths = new ArrayList<>();
        for (ServiceProcess service : services) {
            logLengths.add(Files.size(service.logFile()));
        }
        Instant frozenAt = Instant.now();
        broker.freeze();
        long finishedAtTheFreeze;
        Duration frozenFor;
        try {
            finishedAtTheFreeze = batch.finishedOnTopic();
            assertThat(finishedAtTheFreeze).as("the freeze landed mid-batch").isLessThan(TASKS);
            model.release();
            // A request sent just before the freeze times out a little under the timeout after it:
            // the freeze also lasts the whole timeout.
            await().atMost(Duration.ofMinutes(2)).until(() -> timedOutRequests(services, logLengths).size() == services.size()
                    && Duration.between(frozenAt, Instant.now()).compareTo(REQUEST_TIMEOUT) > 0);
        } finally {
            broker.thaw();
            frozenFor = Duration.between(frozenAt, Instant.now());
        }
        assertThat(frozenFor).as("frozen past the request timeout").isGreaterThan(REQUEST_TIMEOUT);

        finishAndCheck(batch, () -> "broker SIGSTOP with " + finishedAtTheFreeze + " of " + TASKS + " finished, for "
                + frozenFor.toSeconds() + " s, until every service had a Kafka request time out and past the request timeout ("
                + REQUEST_TIMEOUT.toSeconds() + " s), then SIGCONT" + restarts());
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

    /** One batch: tasks {@code <name>-0...}; the calls of its second half are held until {@code model.release()}. */
    private record Batch(String id, String taskPrefix, Instant submitted) {

        long finishedOnTopic() {
            return running.results().distinctTasksOfBatch(id);
        }
    }

    private static Batch submitHoldingTheSecondHalf(String name) {
        String prefix = name + "-";
        model.holdWhere(request -> {
            String taskId = FaultyProvider.taskIdOf(request.prompt());
            return taskId.startsWith(prefix) && Integer.parseInt(taskId.substring(prefix.length())) >= TASKS / 2;
        });
        Instant submitted = Instant.now();
        var response = users().submitJsonl(new ByteArrayInputStream(FaultyProvider.jsonl(name, 0, TASKS)));
        assertThat(response.accepted()).as("tasks accepted").isEqualTo(TASKS);
        return new Batch(response.batchId(), prefix, submitted);
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

    private void superviseOnce() {
        for (ServiceProcess service : running.fleet().services()) {
            int failed = LivenessProbe.live(service) ? 0 : failedProbes.getOrDefault(service.name(), 0) + 1;
            failedProbes.put(service.name(), failed);
            if (failed >= FAILURE_THRESHOLD) {
                failedProbes.remove(service.name());
                service.kill();
                await().atMost(Duration.ofSeconds(30)).until(() -> !service.isAlive());
                running.fleet().restart(service.name()).awaitReady(Duration.ofMinutes(2));
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
