package dev.taskfleet.router.kafka;

import static dev.taskfleet.router.kafka.RouterRecords.counterValue;
import static dev.taskfleet.router.kafka.RouterRecords.header;
import static dev.taskfleet.router.kafka.RouterRecords.keys;
import static dev.taskfleet.router.kafka.RouterRecords.resultsOf;
import static dev.taskfleet.router.kafka.RouterRecords.routedIds;
import static dev.taskfleet.router.kafka.RouterRecords.routedOf;
import static dev.taskfleet.testkit.AttemptBuilder.anAttempt;
import static dev.taskfleet.testkit.EscalationBuilder.anEscalation;
import static dev.taskfleet.testkit.RoutedTaskBuilder.aRoutedTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.taskfleet.contract.DeadLetterHeaders;
import dev.taskfleet.contract.DeadLetterReasons;
import dev.taskfleet.contract.EscalationRequest;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.contract.ResultStatus;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The router's tier topics take records of at most 20,000 bytes (topic {@code max.message.bytes},
 * set before the router starts), far below its producer's {@code max.request.size}. A task whose
 * routed record is larger must end on its own, like an invalid task, while the router stays live
 * and the tasks behind it on the same partition are forwarded. Policy: {@code policies/escalation.yaml}
 * (every task starts on fast; one escalation to quality).
 */
@QuarkusTest
@TestProfile(RecordSizeForwardingTest.EscalationPolicy.class)
@QuarkusTestResource(value = SmallTopics.Resource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = KafkaTestResource.TOPIC_PREFIX_ARG, value = RecordSizeForwardingTest.PREFIX),
        @ResourceArg(name = SmallTopics.Resource.TIER_LIMIT_ARG, value = "" + RecordSizeForwardingTest.TIER_LIMIT)})
class RecordSizeForwardingTest {

    static final String PREFIX = "router-size";
    static final int TIER_LIMIT = 20_000;
    private static final TopicNames TOPICS = new TopicNames(PREFIX);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant CREATED = Instant.parse("2026-03-01T11:00:00Z");
    /** Fits the tasks and escalations topics (1 MiB), not a tier topic once routed. */
    private static final String LARGE_PROMPT = "p".repeat(TIER_LIMIT + 5_000);

    /** Runs the router with the escalation test policy. */
    public static final class EscalationPolicy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("taskfleet.router.policy-file", "src/test/resources/policies/escalation.yaml",
                    "taskfleet.router.instance-id", "size-test");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private TopicCollector fast;
    private TopicCollector quality;
    private TopicCollector results;
    private TopicCollector deadLetters;
    private TopicCollector batches;

    @BeforeEach
    void collect() {
        fast = new TopicCollector(bootstrapServers, TOPICS.tier("fast"));
        quality = new TopicCollector(bootstrapServers, TOPICS.tier("quality"));
        results = new TopicCollector(bootstrapServers, TOPICS.results());
        deadLetters = new TopicCollector(bootstrapServers, TOPICS.deadLetters());
        batches = new TopicCollector(bootstrapServers, TOPICS.batches());
    }

    @AfterEach
    void close() {
        List.of(fast, quality, results, deadLetters, batches).forEach(TopicCollector::close);
    }

    @Test
    void aTaskTooLargeForItsTierTopicIsDeadLetteredEndsFailedAndThePartitionMovesOn() throws Exception {
        String batch = "batch-size-tasks";
        Task before = TaskBuilder.task().id("size-before").batch(batch).build();
        Task large = TaskBuilder.task().id("size-large").batch(batch).prompt(LARGE_PROMPT).build();
        Task after = TaskBuilder.task().id("size-after").batch(batch).build();
        String largeJson = EventCodec.encode(large);
        KafkaTestClients.send(bootstrapServers, TOPICS.tasks(), before.id(), EventCodec.encode(before));
        KafkaTestClients.send(bootstrapServers, TOPICS.tasks(), large.id(), largeJson);
        KafkaTestClients.send(bootstrapServers, TOPICS.tasks(), after.id(), EventCodec.encode(after));

        await().atMost(WAIT).until(() -> routedIds(fast).contains(after.id()) && keys(deadLetters).contains(large.id()));
        assertThat(routedIds(fast)).containsSubsequence(before.id(), after.id()).doesNotContain(large.id());
        ConsumerRecord<String, String> deadLetter = deadLetters.records().stream()
                .filter(r -> r.key().equals(large.id())).findFirst().orElseThrow();
        assertThat(deadLetter.value()).isEqualTo(largeJson);
        assertThat(header(deadLetter, DeadLetterHeaders.REASON_CODE)).isEqualTo(DeadLetterReasons.INVALID_TASK);
        assertThat(header(deadLetter, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");
        assertThat(header(deadLetter, DeadLetterHeaders.REASON)).startsWith("the routed task is ")
                .contains("bytes as a record on " + TOPICS.tier("fast"))
                .contains("more than the " + TIER_LIMIT + " bytes (topic " + TOPICS.tier("fast") + "'s max.message.bytes "
                        + TIER_LIMIT);
        // Its batch still finishes: one final FAILED result, no call made, written with the dead letter.
        await().atMost(WAIT).until(() -> !resultsOf(results, large.id()).isEmpty());
        assertThat(resultsOf(results, large.id())).singleElement().satisfies(result -> {
            assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
            assertThat(result.error().code()).isEqualTo(ResultErrorCodes.TASK_TOO_LARGE);
            assertThat(result.error().message()).startsWith("the routed task is ");
            assertThat(result.batchId()).isEqualTo(batch);
            assertThat(result.tier()).isEqualTo("fast");
            assertThat(result.attempts()).isZero();
        });
        // Only the two placed tasks count for the batch.
        await().atMost(WAIT).until(() -> RouterRecords.tiersOf(batches, batch).containsKey("fast")
                && RouterRecords.tiersOf(batches, batch).get("fast").routed() == 2);
        assertThat(RouterRecords.tiersOf(batches, batch)).containsExactly(Map.entry("fast", new TierRouting(2, 0, 0, 0)));
        try (Admin admin = SmallTopics.admin(bootstrapServers)) {
            await().atMost(WAIT).until(() -> committed(admin) == 3L);
        }
        assertLive();
        await().atMost(WAIT).untilAsserted(() -> assertThat(counterValue(metrics(),
                "taskfleet_dlq_records_total{reason=\"INVALID_TASK\",service=\"router\"}")).isGreaterThanOrEqualTo(1.0));
    }

    @Test
    void anEscalatedTaskTooLargeForTheNextTierEndsWithOneFinalFailedResult() {
        String batch = "batch-size-escalations";
        Task large = TaskBuilder.task().id("size-esc-large").batch(batch).type("refactor").prompt(LARGE_PROMPT)
                .createdAt(CREATED).build();
        Task after = TaskBuilder.task().id("size-esc-after").batch(batch).type("refactor").createdAt(CREATED).build();
        escalate(large);
        escalate(after);

        await().atMost(WAIT).until(() -> !resultsOf(results, large.id()).isEmpty() && !routedOf(quality, after.id()).isEmpty());
        List<TaskResult> found = resultsOf(results, large.id());
        assertThat(found).hasSize(1);
        TaskResult result = found.get(0);
        assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
        assertThat(result.error().code()).isEqualTo("OUTPUT_REJECTED");
        assertThat(result.error().message()).startsWith("the answer is not JSON; not escalated: the routed task is ")
                .contains("more than the " + TIER_LIMIT + " bytes (topic " + TOPICS.tier("quality"));
        assertThat(result.tier()).isEqualTo("fast");
        assertThat(result.workerId()).isEqualTo("router-size-test");
        assertThat(routedOf(quality, large.id())).isEmpty();
        assertThat(keys(deadLetters)).doesNotContain(large.id());
        await().atMost(WAIT).until(() -> RouterRecords.tiersOf(batches, batch).size() == 2);
        assertThat(RouterRecords.tiersOf(batches, batch)).containsExactly(
                Map.entry("fast", new TierRouting(0, 0, 1, 1)), Map.entry("quality", new TierRouting(0, 1, 0, 0)));
        assertLive();
        await().atMost(WAIT).untilAsserted(() -> assertThat(counterValue(metrics(),
                "taskfleet_escalations_total{from_tier=\"fast\",outcome=\"refused\",to_tier=\"none\"}"))
                .isGreaterThanOrEqualTo(1.0));
    }

    private long committed(Admin admin) throws Exception {
        var offset = admin.listConsumerGroupOffsets(RouterKafkaClients.GROUP_ID).partitionsToOffsetAndMetadata().get()
                .get(new TopicPartition(TOPICS.tasks(), 0));
        return offset == null ? -1 : offset.offset();
    }

    private void escalate(Task task) {
        EscalationRequest request = anEscalation().of(aRoutedTask().task(task).routing("everything-fast", 0, "test"))
                .history(List.of(anAttempt().onTier("fast").model("small-1").failed("OUTPUT_REJECTED", "not JSON")
                        .cost(0.001).build()))
                .because("OUTPUT_REJECTED", "the answer is not JSON").worker("worker-fast-1")
                .requestedAt(Instant.now()).build();
        KafkaTestClients.send(bootstrapServers, TOPICS.escalations(), task.id(), EventCodec.encode(request));
    }

    private static void assertLive() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
