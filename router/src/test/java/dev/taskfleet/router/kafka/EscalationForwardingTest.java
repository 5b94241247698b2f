package dev.taskfleet.router.kafka;

import static dev.taskfleet.router.kafka.RouterRecords.counterValue;
import static dev.taskfleet.router.kafka.RouterRecords.resultsOf;
import static dev.taskfleet.router.kafka.RouterRecords.routedOf;
import static dev.taskfleet.testkit.AttemptBuilder.anAttempt;
import static dev.taskfleet.testkit.EscalationBuilder.anEscalation;
import static dev.taskfleet.testkit.RoutedTaskBuilder.aRoutedTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.DeadLetterHeaders;
import dev.taskfleet.contract.EscalationRequest;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.contract.TierRouting;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.KafkaTestResource;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.TopicCollector;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Escalation requests answered by the router with {@code policies/escalation.yaml}: everything
 * starts on fast, team {@code interns} is capped at fast, and a task gets two calls at most.
 */
@QuarkusTest
@TestProfile(EscalationForwardingTest.EscalationPolicy.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPIC_PREFIX_ARG, value = EscalationForwardingTest.PREFIX))
class EscalationForwardingTest {

    static final String PREFIX = "router-escalation";
    private static final TopicNames TOPICS = new TopicNames(PREFIX);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant CREATED = Instant.parse("2026-03-01T11:00:00Z");

    /** Runs the router with the escalation test policy. */
    public static final class EscalationPolicy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("taskfleet.router.policy-file", "src/test/resources/policies/escalation.yaml",
                    "taskfleet.router.instance-id", "escalation-test");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private TopicCollector fast;
    private TopicCollector quality;
    private TopicCollector results;

    @BeforeEach
    void collect() {
        fast = new TopicCollector(bootstrapServers, TOPICS.tier("fast"));
        quality = new TopicCollector(bootstrapServers, TOPICS.tier("quality"));
        results = new TopicCollector(bootstrapServers, TOPICS.results());
    }

    @AfterEach
    void close() {
        List.of(fast, quality, results).forEach(TopicCollector::close);
    }

    @Test
    void placesAnEscalatedTaskOnTheNextTierWithItsHistory() {
        Task task = task("esc-placed", "default");
        List<AttemptRecord> history = List.of(failedCall("fast", 0.001));

        escalate(task, history);

        await().atMost(WAIT).until(() -> !routedOf(quality, task.id()).isEmpty());
        List<RoutedTask> placed = routedOf(quality, task.id());
        assertThat(placed).hasSize(1);
        RoutedTask routed = placed.get(0);
        assertThat(routed.task()).isEqualTo(task);
        assertThat(routed.attempt()).isEqualTo(2);
        assertThat(routed.history()).isEqualTo(history);
        assertThat(routed.routing().rule()).isEqualTo("escalation");
        assertThat(routed.routing().reason()).isNotBlank();
        assertThat(resultsOf(results, task.id())).isEmpty();
        await().atMost(WAIT).untilAsserted(() -> assertThat(counterValue(metrics(),
                "taskfleet_escalations_total{from_tier=\"fast\",outcome=\"placed\",to_tier=\"quality\"}"))
                .isGreaterThanOrEqualTo(1.0));
    }

    @Test
    void refusesATeamCappedBelowTheNextTierWithAFinalFailedResult() {
        Task task = task("esc-intern", "interns");
        List<AttemptRecord> history = List.of(failedCall("fast", 0.002));

        escalate(task, history);

        TaskResult result = awaitOneResult(task.id());
        assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
        assertThat(result.error().code()).isEqualTo("OUTPUT_REJECTED");
        assertThat(result.error().message()).contains("not escalated").contains("interns");
        assertThat(result.team()).isEqualTo("interns");
        assertThat(result.tier()).isEqualTo("fast");
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.costUsd()).isEqualTo(0.002);
        assertThat(result.submittedAt()).isEqualTo(CREATED);
        assertThat(result.workerId()).isEqualTo("router-escalation-test");
        assertThat(routedOf(quality, task.id())).isEmpty();
        await().atMost(WAIT).untilAsserted(() -> assertThat(counterValue(metrics(),
                "taskfleet_escalations_total{from_tier=\"fast\",outcome=\"refused\",to_tier=\"none\"}"))
                .isGreaterThanOrEqualTo(1.0));
    }

    @Test
    void refusesATaskThatUsedUpItsAttempts() {
        Task task = task("esc-attempts", "default");
        List<AttemptRecord> history = List.of(failedCall("fast", 0.001), failedCall("fast", 0.003));

        escalate(task, history);

        TaskResult result = awaitOneResult(task.id());
        assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
        assertThat(result.error().message()).contains("not escalated").contains("attempt");
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(result.costUsd()).isCloseTo(0.004, offset(1e-12));
        assertThat(routedOf(quality, task.id())).isEmpty();
    }

    @Test
    void talliesEachAnswerForTheBatchAndDropsARequestThatRepeatsOne() {
        String batch = "batch-tally";
        Task climbs = TaskBuilder.task().id("tally-climbs").batch(batch).type("refactor").createdAt(CREATED).build();
        Task usedUp = TaskBuilder.task().id("tally-used-up").batch(batch).type("refactor").createdAt(CREATED).build();
        List<AttemptRecord> oneCall = List.of(failedCall("fast", 0.001));

        try (TopicCollector batches = new TopicCollector(bootstrapServers, TOPICS.batches())) {
            escalate(climbs, oneCall);
            // The worker ran the same placement twice (killed before committing) and asks again.
            escalate(climbs, oneCall);
            escalate(usedUp, List.of(failedCall("fast", 0.001), failedCall("fast", 0.002)));

            await().atMost(WAIT).untilAsserted(() -> assertThat(counterValue(metrics(),
                    "taskfleet_escalations_total{from_tier=\"fast\",outcome=\"repeated\",to_tier=\"none\"}"))
                    .isGreaterThanOrEqualTo(1.0));
            await().atMost(WAIT).until(() -> !resultsOf(results, usedUp.id()).isEmpty()
                    && RouterRecords.tiersOf(batches, batch).size() == 2);
            assertThat(routedOf(quality, climbs.id())).as("placed once").hasSize(1);
            assertThat(RouterRecords.tiersOf(batches, batch)).containsExactly(
                    Map.entry("fast", new TierRouting(0, 0, 1, 1)), Map.entry("quality", new TierRouting(0, 1, 0, 0)));
        }
    }

    @Test
    void deadLettersAnUndecodableRequestAndKeepsGoing() {
        try (TopicCollector deadLetters = new TopicCollector(bootstrapServers, TOPICS.deadLetters())) {
            KafkaTestClients.send(bootstrapServers, TOPICS.escalations(), "esc-garbage", "{nope");
            Task after = task("esc-after-garbage", "default");
            escalate(after, List.of(failedCall("fast", 0.001)));

            await().atMost(WAIT).until(() -> !routedOf(quality, after.id()).isEmpty()
                    && RouterRecords.keys(deadLetters).contains("esc-garbage"));
            assertThat(RouterRecords.header(deadLetters.records().get(0), DeadLetterHeaders.SOURCE_TOPIC))
                    .isEqualTo(TOPICS.escalations());
        }
    }

    private TaskResult awaitOneResult(String taskId) {
        await().atMost(WAIT).until(() -> !resultsOf(results, taskId).isEmpty());
        List<TaskResult> found = resultsOf(results, taskId);
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static Task task(String id, String team) {
        return TaskBuilder.task().id(id).batch("batch-esc").type("refactor").team(team).createdAt(CREATED).build();
    }

    private static AttemptRecord failedCall(String tier, double cost) {
        return anAttempt().onTier(tier).model("small-1").failed("OUTPUT_REJECTED", "not JSON").cost(cost).build();
    }

    private void escalate(Task task, List<AttemptRecord> history) {
        EscalationRequest request = anEscalation().of(aRoutedTask().task(task).routing("everything-fast", 0, "test"))
                .history(history).because("OUTPUT_REJECTED", "the answer is not JSON").worker("worker-fast-1")
                .requestedAt(Instant.now()).build();
        KafkaTestClients.send(bootstrapServers, TOPICS.escalations(), task.id(), EventCodec.encode(request));
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
