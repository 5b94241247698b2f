package dev.taskfleet.worker.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.Priority;
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
 * Two backlogs on their own lanes of one tier, read by one worker with one call in flight: the
 * worker starts two teams' tasks in proportion to their weights (3 to 1 here), and one team's
 * interactive tasks six to one before its bulk ones, not in the order Kafka happened to deliver
 * them; it pauses a lane at the consumer while 60 of its tasks wait.
 * Both lanes are filled before the worker finds them (a pattern subscription finds a new topic at
 * its next metadata refresh), and one call at a time of 100 ms keeps both backlogs queued for the
 * whole window counted; the test checks that both teams still had enough work left in it.
 */
@QuarkusTest
@TestProfile(FairShareKafkaTest.WeightedTeams.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPIC_PREFIX_ARG, value = FairShareKafkaTest.PREFIX))
class FairShareKafkaTest {

    static final String PREFIX = "fairshare-test";
    private static final int TASKS_PER_TEAM = 80;
    /** Starts counted once both backlogs' tasks are in the worker. */
    private static final int WINDOW = 40;

    public static class WeightedTeams implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("taskfleet.topics.partitions", "1"),
                    Map.entry("taskfleet.tiers.fast.simulated.latency-median", "PT0.1S"),
                    Map.entry("taskfleet.tiers.fast.simulated.latency-spread", "0"),
                    Map.entry("taskfleet.tiers.fast.simulated.failure-rate", "0"),
                    Map.entry("taskfleet.tiers.fast.simulated.malformed-rate", "0"),
                    Map.entry("taskfleet.worker.max-in-flight", "1"),
                    // A deep read-ahead, so a lane's refill after a resume is never what the shares
                    // measure on a loaded machine (resumed with 45 waiting, 4.5 s of calls at 100 ms),
                    // and room for both teams' at one call in flight; short calls keep the record-age
                    // bound (TaskAgeCheck) within the commit strategy's tolerance.
                    Map.entry("taskfleet.worker.read-ahead-per-partition", "60"),
                    Map.entry("taskfleet.worker.max-waiting", "120"),
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
        String order = startOrder(new Backlog(heavyLane, "heavy", Priority.STANDARD, "h"),
                new Backlog(lightLane, "light", Priority.STANDARD, "l"));

        // At 3 to 1, 30 and 10 of the 40 starts counted.
        assertThat(countedShare(order, 'h', 30, 'l', 10)).as("the heavy team's share at weight 3 to 1: %s", order)
                .isBetween(27L, 33L);
    }

    @Test
    void aTeamsInteractiveTasksStartBeforeItsBulkBacklogWhichStillGetsItsShare() {
        String bulkLane = topics.lane("fast", "solo", Priority.BULK);
        String interactiveLane = topics.lane("fast", "solo", Priority.INTERACTIVE);
        String order = startOrder(new Backlog(bulkLane, "solo", Priority.BULK, "b"),
                new Backlog(interactiveLane, "solo", Priority.INTERACTIVE, "i"));

        // Six interactive starts to one bulk start while both classes wait: 34 and 6 of 40, near enough.
        assertThat(countedShare(order, 'i', 35, 'b', 6)).as("interactive's share against bulk: %s", order)
                .isBetween(31L, 37L);
    }

    /** Two backlogs of 80 tasks sent to their lanes; the order their tasks finished in, one letter each. */
    private String startOrder(Backlog first, Backlog second) {
        KafkaTestClients.createTopics(bootstrap, 1, List.of(first.lane(), second.lane()));
        String firstBatch = first.letter() + "-" + UUID.randomUUID();
        String secondBatch = second.letter() + "-" + UUID.randomUUID();
        try (ResultsCollector results = new ResultsCollector(bootstrap, topics.results())) {
            send(first, firstBatch);
            send(second, secondBatch);
            boolean pausedOnce = awaitAPause();

            await().atMost(Duration.ofSeconds(90)).until(() -> results.countOfBatch(firstBatch)
                    + results.countOfBatch(secondBatch) >= 2 * TASKS_PER_TEAM);

            List<TaskResult> inOrder = Stream.concat(results.resultsOfBatch(firstBatch).stream(),
                            results.resultsOfBatch(secondBatch).stream())
                    .sorted(Comparator.comparing(TaskResult::finishedAt)).toList();
            assertThat(inOrder).hasSize(2 * TASKS_PER_TEAM)
                    .allSatisfy(result -> assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED));
            assertThat(results.resultsOfBatch(secondBatch)).as("each result names its task's class")
                    .allSatisfy(result -> assertThat(result.priority()).isEqualTo(second.priority()));
            assertThat(pausedOnce).as("a lane was paused at the consumer once 60 of its tasks waited").isTrue();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(intake.waiting()).isZero();
                assertThat(intake.pausedPartitions()).isZero();
                assertThat(intake.isFull()).isFalse();
            });
            return inOrder.stream().map(result -> result.batchId().substring(0, 1)).collect(Collectors.joining());
        }
    }

    /**
     * How many of the {@value #WINDOW} starts counted went to {@code favoured}. One lane's records
     * may reach the worker a moment before the other's (its first fetch), so counting starts at the
     * first start of the side that arrived second, once both have work waiting; and each side must
     * still have had at least its expected starts left then, or the window would count a side that
     * ran out.
     */
    private static long countedShare(String order, char favoured, int favouredNeeds, char other, int otherNeeds) {
        int bothThere = Math.max(order.indexOf(favoured), order.indexOf(other));
        String before = order.substring(0, bothThere);
        assertThat(before.chars().filter(c -> c == favoured).count())
                .as("'%s' still had %d tasks to start when both were there: %s", favoured, favouredNeeds, order)
                .isLessThanOrEqualTo(TASKS_PER_TEAM - favouredNeeds);
        assertThat(before.chars().filter(c -> c == other).count())
                .as("'%s' still had %d tasks to start when both were there: %s", other, otherNeeds, order)
                .isLessThanOrEqualTo(TASKS_PER_TEAM - otherNeeds);
        return order.substring(bothThere, bothThere + WINDOW).chars().filter(c -> c == favoured).count();
    }

    private record Backlog(String lane, String team, Priority priority, String letter) {
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

    private void send(Backlog backlog, String batch) {
        Map<String, String> records = new LinkedHashMap<>();
        for (int i = 0; i < TASKS_PER_TEAM; i++) {
            RoutedTask routed = TaskBuilder.task().id(batch + "-" + i).batch(batch).team(backlog.team())
                    .priority(backlog.priority()).type("refactor").routedTo("fast");
            records.put(routed.task().id(), EventCodec.encode(routed));
        }
        KafkaTestClients.sendAll(bootstrap, backlog.lane(), records);
    }
}
