package dev.taskfleet.e2e;

import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.fleet.LocalFleetBuilder;
import dev.taskfleet.launcher.process.ServiceProcess;
import dev.taskfleet.testkit.ResultsCollector;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.testkit.TopicCollector;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * A packaged fleet for one test class, registered as a static field:
 * <pre>{@code @RegisterExtension
 * static final RunningFleet running = new RunningFleet(PREFIX, () -> PackagedFleet.builder(...));}</pre>
 * Before the class's tests (and its {@code @BeforeAll} methods) it builds and starts the fleet,
 * waiting until every service is ready, and follows its results and dead-letter topics; after them
 * it stops everything, including the services a test added.
 *
 * <p>A test that fails has the fleet's last warnings and errors added to its failure, service by
 * service: CI often keeps only the build's summary, and a timeout alone does not say which service
 * stalled.
 */
final class RunningFleet implements BeforeAllCallback, AfterAllCallback, TestExecutionExceptionHandler {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    /** How far back each service's log is searched for warnings and errors, how many are kept, how long each may be. */
    private static final int LOG_LINES_SEARCHED = 2_000;
    private static final int NOTABLE_LINES_KEPT = 6;
    private static final int NOTABLE_LINE_CHARS = 300;
    private static final Pattern NOTABLE = Pattern.compile("\\s(WARN|ERROR)\\s");

    /** How the test class's fleet is configured; may write files the fleet reads. */
    @FunctionalInterface
    interface Definition {
        LocalFleetBuilder builder() throws IOException;
    }

    private final TopicNames topics;
    private final Supplier<String> bootstrapServers;
    private final Definition definition;
    private LocalFleet fleet;
    private ResultsCollector results;
    private TopicCollector deadLetters;

    /** A fleet on the shared test broker. */
    RunningFleet(String topicPrefix, Definition definition) {
        this(topicPrefix, () -> TestBrokers.shared().bootstrapServers(), definition);
    }

    /** A fleet on the broker at {@code bootstrapServers} (asked once the class starts, after the broker). */
    RunningFleet(String topicPrefix, Supplier<String> bootstrapServers, Definition definition) {
        this.topics = new TopicNames(topicPrefix);
        this.bootstrapServers = bootstrapServers;
        this.definition = definition;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        fleet = definition.builder().build();
        try {
            fleet.start(START_TIMEOUT);
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
        String bootstrap = bootstrapServers.get();
        results = new ResultsCollector(bootstrap, topics.results());
        deadLetters = new TopicCollector(bootstrap, topics.deadLetters());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (deadLetters != null) {
            deadLetters.close();
        }
        if (results != null) {
            results.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (fleet == null || failure instanceof TestAbortedException) {
            throw failure; // a skipped test stays skipped
        }
        String digest;
        try {
            digest = fleetDigest();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            throw failure;
        }
        AssertionError explained = new AssertionError(failure + "\n" + digest, failure);
        explained.setStackTrace(failure.getStackTrace());
        throw explained;
    }

    /** Each service's state and its last warnings and errors, one line each. */
    private String fleetDigest() {
        StringBuilder digest = new StringBuilder("the fleet when the test failed:");
        for (ServiceProcess service : fleet.services()) {
            digest.append("\n  ").append(service.name()).append(service.isAlive() ? " (running)" : " (exited)");
            List<String> notable = service.logTail(LOG_LINES_SEARCHED).stream()
                    .filter(line -> NOTABLE.matcher(line).find()).toList();
            notable.subList(Math.max(0, notable.size() - NOTABLE_LINES_KEPT), notable.size()).forEach(line ->
                    digest.append("\n    ").append(line, 0, Math.min(line.length(), NOTABLE_LINE_CHARS)));
        }
        return digest.toString();
    }

    LocalFleet fleet() {
        return fleet;
    }

    TopicNames topics() {
        return topics;
    }

    /** Everything on the results topic since the fleet started. */
    ResultsCollector results() {
        return results;
    }

    /** Everything on the dead-letter topic since the fleet started. */
    TopicCollector deadLetters() {
        return deadLetters;
    }

    /** Starts one more worker of {@code tier} and waits until it is ready. */
    ServiceProcess startWorker(String tier) {
        ServiceProcess worker = fleet.startWorker(tier);
        worker.awaitReady(READY_TIMEOUT);
        return worker;
    }

    /** Starts one more producer replica and waits until it is ready. */
    ServiceProcess startProducer() {
        ServiceProcess producer = fleet.startProducer();
        producer.awaitReady(READY_TIMEOUT);
        return producer;
    }
}
