package dev.taskfleet.worker.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.KafkaTestResource;
import dev.taskfleet.testkit.ResultsCollector;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.worker.flow.FairIntake;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Two teams' backlogs on their own lanes of one tier, read by one worker with one call in flight:
 * the worker starts their tasks in proportion to the teams' weights (3 to 1 here), not in the order
 * Kafka happened to deliver them, and pauses a lane at the consumer while 16 of its tasks wait.
 * Both lanes are filled before the worker finds them (a pattern subscription finds a new topic at
 * its next metadata refresh), and one call at a time of 50 ms keeps both backlogs queued for the
 * whole window counted; the test checks that both teams still had enough work left in it.
 */
@QuarkusTest
@TestProfile(FairShareKafkaTest.WeightedTeams.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPIC_PREFIX_ARG, value = FairShareKafkaTest.PREFIX))
class FairShareKafkaTest {

    static final String PREFIX = "fairshare-test";
    private static final int TASKS_PER_TEAM = 80;
    /** Starts counted once both teams' tasks are in the worker: at 3 to 1, 30 and 10. */
    private static final int WINDOW = 40;

    public static class WeightedTeams implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("taskfleet.topics.partitions", "1"),
                    Map.entry("taskfleet.tiers.fast.simulated.latency-median", "PT0.05S"),
                    Map.entry("taskfleet.tiers.fast.simulated.latency-spread", "0"),
                    Map.entry("taskfleet.tiers.fast.simulated.failure-rate", "0"),
                    Map.entry("taskfleet.tiers.fast.simulated.malformed-rate", "0"),
                    Map.entry("taskfleet.worker.max-in-flight", "1"),
                    // Room for both teams' read-ahead (16 each) at one call in flight; short calls keep
                    // the record-age bound (TaskAgeCheck) within the commit strategy's tolerance.
                    Map.entry("taskfleet.worker.max-waiting", "32"),
                    Map.entry("taskfleet.tiers.fast.timeout", "PT5S"),
                    Map.entry("taskfleet.tiers.fast.max-attempts", "1"),
                    Map.entry("taskfleet.worker.share-weights.heavy", "3"),
                    Map.entry("quarkus.http.test-port", "0"));
        }
    }

    /** The worker's own topic names: another test class's unrestricted resource may set the prefix. */
    @Inject
    TopicNames topics;

    @Inject
    FairIntake intake;

    private final String bootstrap = TestBrokers.shared().bootstrapServers();

    @Test
    void teamsStartTasksInProportionToTheirWeightsWhileBothHaveWorkWaiting() {
        String heavyLane = topics.lane("fast", "heavy");
        String lightLane = topics.lane("fast", "light");
        KafkaTestClients.createTopics(bootstrap, 1, List.of(heavyLane, lightLane));
        String heavyBatch = "heavy-" + UUID.randomUUID();
        String lightBatch = "light-" + UUID.randomUUID();
        try (ResultsCollector results = new ResultsCollector(bootstrap, topics.results())) {
            send(heavyLane, "heavy", heavyBatch);
            send(lightLane, "light", lightBatch);
            boolean pausedOnce = awaitAPause();

            await().atMost(Duration.ofSeconds(90)).until(() -> results.countOfBatch(heavyBatch)
                    + results.countOfBatch(lightBatch) >= 2 * TASKS_PER_TEAM);

            List<TaskResult> inOrder = Stream.concat(results.resultsOfBatch(heavyBatch).stream(),
                            results.resultsOfBatch(lightBatch).stream())
                    .sorted(Comparator.comparing(TaskResult::finishedAt)).toList();
            assertThat(inOrder).hasSize(2 * TASKS_PER_TEAM)
                    .allSatisfy(result -> assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED));
            String order = inOrder.stream().map(result -> result.team().substring(0, 1)).collect(Collectors.joining());
            // One lane's records may reach the worker a moment before the other's (its first fetch);
            // count from the first start of the team that arrived second, once both have work here.
            int bothThere = Math.max(order.indexOf('h'), order.indexOf('l'));
            String before = order.substring(0, bothThere);
            assertThat(before.chars().filter(c -> c == 'h').count())
                    .as("the heavy team still had 30 tasks to start when both were there: %s", order)
                    .isLessThanOrEqualTo(TASKS_PER_TEAM - 30);
            assertThat(before.chars().filter(c -> c == 'l').count())
                    .as("the light team still had 10 tasks to start when both were there: %s", order)
                    .isLessThanOrEqualTo(TASKS_PER_TEAM - 10);
            long heavyInWindow = order.substring(bothThere, bothThere + WINDOW).chars().filter(c -> c == 'h').count();
            assertThat(heavyInWindow).as("the heavy team's share of %d starts at weight 3 to 1; order: %s", WINDOW,
                            order)
                    .isBetween(27L, 33L);
            assertThat(pausedOnce).as("a lane was paused at the consumer once 16 of its tasks waited").isTrue();
            assertThat(intake.waiting()).isZero();
            assertThat(intake.pausedPartitions()).isZero();
            assertThat(intake.isFull()).isFalse();
        }
    }

    /** Whether a partition was paused for its read-ahead while the backlogs were being worked off. */
    private boolean awaitAPause() {
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                    .until(() -> intake.pausedPartitions() > 0);
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

    private void send(String lane, String team, String batch) {
        Map<String, String> records = new LinkedHashMap<>();
        for (int i = 0; i < TASKS_PER_TEAM; i++) {
            RoutedTask routed = TaskBuilder.task().id(batch + "-" + i).batch(batch).team(team).type("refactor")
                    .routedTo("fast");
            records.put(routed.task().id(), EventCodec.encode(routed));
        }
        KafkaTestClients.sendAll(bootstrap, lane, records);
    }
}
