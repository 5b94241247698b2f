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
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A packaged fleet for one test class, registered as a static field:
 * <pre>{@code @RegisterExtension
 * static final RunningFleet running = new RunningFleet(PREFIX, () -> PackagedFleet.builder(...));}</pre>
 * Before the class's tests (and its {@code @BeforeAll} methods) it builds and starts the fleet,
 * waiting until every service is ready, and follows its results and dead-letter topics; after them
 * it stops everything, including the services a test added.
 */
final class RunningFleet implements BeforeAllCallback, AfterAllCallback {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

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
