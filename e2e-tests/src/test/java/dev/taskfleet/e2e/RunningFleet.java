package dev.taskfleet.e2e;

import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.fleet.LocalFleetBuilder;
import dev.taskfleet.testkit.ResultsCollector;
import dev.taskfleet.testkit.TestBrokers;
import java.time.Duration;

/**
 * A started packaged fleet and a collector of its results topic, closed together: what a test
 * class starts in {@code @BeforeAll} and stops in {@code @AfterAll}.
 */
record RunningFleet(LocalFleet fleet, ResultsCollector results) implements AutoCloseable {

    /** Builds and starts the fleet (waiting until every service is ready), then follows its results. */
    static RunningFleet start(LocalFleetBuilder builder, String topicPrefix) {
        LocalFleet fleet = builder.build();
        try {
            fleet.start(Duration.ofMinutes(3));
            return new RunningFleet(fleet, new ResultsCollector(TestBrokers.shared().bootstrapServers(),
                    new TopicNames(topicPrefix).results()));
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    @Override
    public void close() {
        results.close();
        fleet.close();
    }
}
