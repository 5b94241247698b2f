package dev.taskfleet.router.kafka;

import static dev.taskfleet.router.kafka.RouterRecords.counterValue;
import static dev.taskfleet.router.kafka.RouterRecords.header;
import static dev.taskfleet.router.kafka.RouterRecords.keys;
import static dev.taskfleet.router.kafka.RouterRecords.recordsOf;
import static dev.taskfleet.router.kafka.RouterRecords.routed;
import static dev.taskfleet.router.kafka.RouterRecords.routedIds;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.DeadLetterHeaders;
import dev.taskfleet.contract.DeadLetterReasons;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ResultErrorCodes;
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
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Forwarding with the bundled default policy, dead letters, transactional offsets, metrics, health. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPIC_PREFIX_ARG, value = RouterForwardingTest.PREFIX))
class RouterForwardingTest {

    static final String PREFIX = "router-test";
    private static final TopicNames TOPICS = new TopicNames(PREFIX);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private TopicCollector fast;
    private TopicCollector quality;
    private TopicCollector deadLetters;
    private TopicCollector tasks;
    private TopicCollector results;

    @BeforeEach
    void collect() {
        // The router created these topics at start-up; the collectors read them from the beginning
        // with read_committed, as workers do.
        fast = new TopicCollector(bootstrapServers, TOPICS.tier("fast"));
        quality = new TopicCollector(bootstrapServers, TOPICS.tier("quality"));
        deadLetters = new TopicCollector(bootstrapServers, TOPICS.deadLetters());
        tasks = new TopicCollector(bootstrapServers, TOPICS.tasks());
        results = new TopicCollector(bootstrapServers, TOPICS.results());
    }

    @AfterEach
    void close() {
        List.of(fast, quality, deadLetters, tasks, results).forEach(TopicCollector::close);
    }

    @Test
    void routesEachTaskOnceToItsTierWithTheDecisionRecorded() {
        Task review = TaskBuilder.task().id("route-review").type("security-review").build();
        Task rename = TaskBuilder.task().id("route-rename").type("rename-symbol").build();
        Task hinted = TaskBuilder.task().id("route-hinted").type("refactor").tierHint("quality").build();
        Task small = TaskBuilder.task().id("route-small").type("translate").prompt("Translate 'hello' to French.").build();
        Task senior = TaskBuilder.task().id("route-senior").type("refactor")
                .prompt("Weigh the design trade-off of the new architecture: concurrency, a race in the cache, "
                        + "and the security of the session migration.").build();
        Task promptOnly = TaskBuilder.task().id("route-prompt-only").type(null)
                .prompt("Find the race in the session cache and explain the security impact.").build();
        List.of(review, rename, hinted, small, senior, promptOnly).forEach(this::send);

        await().atMost(WAIT).until(() -> routedIds(fast).containsAll(List.of("route-rename", "route-small"))
                && routedIds(quality).containsAll(List.of("route-review", "route-hinted", "route-senior",
                        "route-prompt-only")));
        assertPlaced(review, quality, fast, "reviews");
        assertPlaced(rename, fast, quality, "mechanical-chores");
        assertPlaced(hinted, quality, fast, "tier-hint");
        assertPlaced(small, fast, quality, "heuristic");
        RoutedTask seniorRouted = assertPlaced(senior, quality, fast, "heuristic");
        assertThat(seniorRouted.routing().score()).isGreaterThan(0);
        assertThat(seniorRouted.routing().features()).isNotEmpty();
        RoutedTask promptOnlyRouted = assertPlaced(promptOnly, quality, fast, "heuristic");
        assertThat(promptOnlyRouted.task().type()).as("a task without a type is routed on its prompt").isNull();
        assertThat(routedIds(fast)).doesNotHaveDuplicates();
        assertThat(routedIds(quality)).doesNotHaveDuplicates();
    }

    @Test
    void talliesTheBatchsPlacementsPerTierOnTheBatchesTopic() {
        String batch = "batch-tallied";
        List<Task> tasks = List.of(
                TaskBuilder.task().id("tally-review").batch(batch).team("payments").type("security-review").build(),
                TaskBuilder.task().id("tally-hinted").batch(batch).team("payments").type("refactor").tierHint("quality")
                        .build(),
                TaskBuilder.task().id("tally-rename").batch(batch).team("payments").type("rename-symbol").build());
        try (TopicCollector batches = new TopicCollector(bootstrapServers, TOPICS.batches())) {
            tasks.forEach(this::send);

            await().atMost(WAIT).until(() -> RouterRecords.routingOf(batches, batch).stream()
                    .mapToInt(BatchEvent::taskCount).sum() == tasks.size());
            assertThat(RouterRecords.tiersOf(batches, batch)).containsExactly(
                    Map.entry("fast", new TierRouting(1, 0, 0, 0)), Map.entry("quality", new TierRouting(2, 0, 0, 0)));
            assertThat(RouterRecords.routingOf(batches, batch)).allSatisfy(event -> {
                assertThat(event.team()).isEqualTo("payments");
                assertThat(event.run()).isEqualTo(1);
                assertThat(event.occurredAt()).isNotNull();
            });
            assertThat(batches.records()).filteredOn(r -> batch.equals(r.key())).as("keyed by batch id").isNotEmpty();
        }
    }

    @Test
    void deadLettersBadRecordsWithTheirReasonAndKeepsRouting() {
        String garbage = "not json";
        String missingPrompt = EventCodec.encode(TaskBuilder.task().id("dlq-no-prompt").prompt(null).build());
        String futureVersion = EventCodec.encode(TaskBuilder.task().schemaVersion(99).id("dlq-v99").prompt("Rename it.")
                .build());
        KafkaTestClients.send(bootstrapServers, TOPICS.tasks(), "dlq-garbage", garbage);
        KafkaTestClients.send(bootstrapServers, TOPICS.tasks(), "dlq-no-prompt", missingPrompt);
        KafkaTestClients.send(bootstrapServers, TOPICS.tasks(), "dlq-v99", futureVersion);
        Task after = TaskBuilder.task().id("after-bad-records").type("code-review").build();
        send(after);

        await().atMost(WAIT).until(() -> routedIds(quality).contains(after.id())
                && keys(deadLetters).containsAll(List.of("dlq-garbage", "dlq-no-prompt", "dlq-v99"))
                && keys(tasks).containsAll(List.of("dlq-garbage", "dlq-no-prompt", "dlq-v99")));
        assertDeadLettered("dlq-garbage", garbage, DeadLetterReasons.UNPARSEABLE, "not valid JSON");
        assertDeadLettered("dlq-no-prompt", missingPrompt, "INVALID_TASK", "'prompt'");
        assertDeadLettered("dlq-v99", futureVersion, DeadLetterReasons.UNSUPPORTED_VERSION, "schemaVersion 99");
        // The invalid task of a batch also gets its final result, in the dead letter's transaction.
        await().atMost(WAIT).until(() -> keys(results).contains("dlq-no-prompt"));
        assertThat(results.records()).filteredOn(r -> "dlq-no-prompt".equals(r.key())).singleElement()
                .satisfies(record -> {
                    TaskResult result = EventCodec.decodeResult(record.value());
                    assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
                    assertThat(result.error().code()).isEqualTo(ResultErrorCodes.INVALID_TASK);
                    assertThat(result.tier()).isEqualTo(TaskResult.UNROUTED);
                });
        assertThat(keys(results)).as("what names no task gets no result").doesNotContain("dlq-garbage", "dlq-v99");
    }

    @Test
    void commitsEveryOffsetInsideTheTransactions() {
        send(TaskBuilder.task().id("commit-refactor").type("refactor").build());
        KafkaTestClients.send(bootstrapServers, TOPICS.tasks(), "commit-garbage", "[]");

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(committedOffsets(admin)).isEqualTo(endOffsets(admin)));
        }
    }

    @Test
    void publishesRoutingMetricsAndIsReady() {
        send(TaskBuilder.task().id("metrics-lint").type("lint-fix").build());
        KafkaTestClients.send(bootstrapServers, TOPICS.tasks(), "metrics-garbage", "{\"schemaVersion\":");

        String routed = "taskfleet_tasks_routed_total{rule=\"mechanical-chores\",tier=\"fast\"}";
        String dead = "taskfleet_dlq_records_total{reason=\"UNPARSEABLE\",service=\"router\"}";
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/metrics").then().statusCode(200)
                .body(containsString(routed)).body(containsString(dead))
                .body(containsString("taskfleet_routing_decision_seconds_bucket")));
        await().atMost(WAIT).untilAsserted(() -> {
            String metrics = given().get("/q/metrics").then().extract().asString();
            assertThat(counterValue(metrics, routed)).isGreaterThanOrEqualTo(1.0);
            assertThat(counterValue(metrics, dead)).isGreaterThanOrEqualTo(1.0);
            assertThat(counterValue(metrics, "taskfleet_router_transactions_total{outcome=\"committed\"}"))
                    .isGreaterThanOrEqualTo(1.0);
        });
        String metrics = given().get("/q/metrics").then().extract().asString();
        // Series that have not fired yet exist at zero.
        assertThat(metrics).contains("taskfleet_tasks_routed_total{rule=\"large-context\",tier=\"quality\"}")
                .contains("taskfleet_escalations_total{from_tier=\"fast\",outcome=\"placed\",to_tier=\"quality\"}")
                .contains("taskfleet_escalations_total{from_tier=\"quality\",outcome=\"refused\",to_tier=\"none\"}")
                .contains("taskfleet_escalations_total{from_tier=\"fast\",outcome=\"repeated\",to_tier=\"none\"}")
                .contains("taskfleet_adaptive_promotions_total{from_tier=\"fast\",to_tier=\"quality\"}");
        // The router's own Kafka clients report too: the dashboard's router lag and rates come from these.
        await().atMost(WAIT).untilAsserted(() -> assertThat(given().get("/q/metrics").then().extract().asString())
                .contains("kafka_consumer_fetch_manager_records_consumed_total")
                .contains("kafka_producer_record_send_total"));
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200).body("status", equalTo("UP")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    private RoutedTask assertPlaced(Task task, TopicCollector expected, TopicCollector other, String rule) {
        List<ConsumerRecord<String, String>> records = recordsOf(expected, task.id());
        assertThat(records).as("records of %s", task.id()).hasSize(1);
        assertThat(recordsOf(other, task.id())).as("records of %s on the other tier", task.id()).isEmpty();
        assertThat(records.get(0).key()).isEqualTo(task.id());
        RoutedTask routed = routed(records.get(0));
        assertThat(routed.task()).isEqualTo(task);
        assertThat(routed.attempt()).isEqualTo(1);
        assertThat(routed.history()).isEmpty();
        assertThat(routed.routing().rule()).as("rule of %s", task.id()).isEqualTo(rule);
        assertThat(routed.routing().reason()).isNotBlank();
        return routed;
    }

    private static Map<TopicPartition, Long> committedOffsets(Admin admin) throws Exception {
        Map<TopicPartition, Long> committed = new HashMap<>();
        admin.listConsumerGroupOffsets(RouterKafkaClients.GROUP_ID).partitionsToOffsetAndMetadata().get()
                .forEach((partition, offset) -> {
                    if (partition.topic().equals(TOPICS.tasks())) {
                        committed.put(partition, offset.offset());
                    }
                });
        return committed;
    }

    /** End offsets of the non-empty partitions of the tasks topic. */
    private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(List.of(TOPICS.tasks())).allTopicNames().get().get(TOPICS.tasks()).partitions()
                .forEach(p -> request.put(new TopicPartition(TOPICS.tasks(), p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((partition, info) -> {
            if (info.offset() > 0) {
                ends.put(partition, info.offset());
            }
        });
        return ends;
    }

    private void send(Task task) {
        KafkaTestClients.send(bootstrapServers, TOPICS.tasks(), task.id(), EventCodec.encode(task));
    }

    private void assertDeadLettered(String key, String originalValue, String reasonCode, String reasonMentions) {
        List<ConsumerRecord<String, String>> dead = deadLetters.records().stream().filter(r -> key.equals(r.key())).toList();
        assertThat(dead).as("dead letters keyed %s", key).hasSize(1);
        ConsumerRecord<String, String> record = dead.get(0);
        ConsumerRecord<String, String> source = tasks.records().stream().filter(r -> key.equals(r.key()))
                .findFirst().orElseThrow();
        assertThat(record.value()).isEqualTo(originalValue);
        assertThat(header(record, DeadLetterHeaders.REASON_CODE)).isEqualTo(reasonCode);
        assertThat(header(record, DeadLetterHeaders.REASON)).contains(reasonMentions);
        assertThat(header(record, DeadLetterHeaders.SERVICE)).isEqualTo("router");
        assertThat(header(record, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(TOPICS.tasks());
        assertThat(header(record, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo(Integer.toString(source.partition()));
        assertThat(header(record, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo(Long.toString(source.offset()));
    }
}
