package dev.taskfleet.router.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.taskfleet.contract.DeadLetterHeaders;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.KafkaTestResource;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.TopicCollector;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPIC_PREFIX_ARG, value = TaskRouterTest.PREFIX))
class TaskRouterTest {

    static final String PREFIX = "router-test";
    private static final TopicNames TOPICS = new TopicNames(PREFIX);
    // Generous: CI machines are shared, and offsets are committed every 5 s.
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ROUTER_GROUP = "taskfleet-router";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private TopicCollector fast;
    private TopicCollector quality;
    private TopicCollector deadLetters;
    private TopicCollector tasks;

    @BeforeEach
    void collect() {
        // The router created these topics at start-up; the collectors read them from the beginning.
        fast = new TopicCollector(bootstrapServers, TOPICS.tier("fast"));
        quality = new TopicCollector(bootstrapServers, TOPICS.tier("quality"));
        deadLetters = new TopicCollector(bootstrapServers, TOPICS.deadLetters());
        tasks = new TopicCollector(bootstrapServers, TOPICS.tasks());
    }

    @AfterEach
    void close() {
        List.of(fast, quality, deadLetters, tasks).forEach(TopicCollector::close);
    }

    @Test
    void routesEachTaskOnceToItsTierKeyedByTaskId() {
        Map<Task, String> expectedTier = new LinkedHashMap<>();
        expectedTier.put(TaskBuilder.task().id("route-unit-test").type("unit-test").build(), "fast");
        expectedTier.put(TaskBuilder.task().id("route-security-review").type("security-review").build(), "quality");
        expectedTier.put(TaskBuilder.task().id("route-hinted").type("refactor").tierHint("quality").build(), "quality");
        expectedTier.put(TaskBuilder.task().id("route-translate").type("translate").build(), "fast");
        Map<String, String> rule = Map.of("route-unit-test", "type-keyword", "route-security-review", "type-keyword",
                "route-hinted", "tier-hint", "route-translate", "default");

        expectedTier.keySet().forEach(this::send);

        await().atMost(WAIT).until(() -> routedIds(fast).size() + routedIds(quality).size() >= 4
                && routedIds(fast).containsAll(List.of("route-unit-test", "route-translate"))
                && routedIds(quality).containsAll(List.of("route-security-review", "route-hinted")));
        expectedTier.forEach((task, tier) -> {
            TopicCollector expected = "fast".equals(tier) ? fast : quality;
            TopicCollector other = "fast".equals(tier) ? quality : fast;
            List<ConsumerRecord<String, String>> records = recordsOf(expected, task.id());
            assertThat(records).as("records of %s on %s", task.id(), tier).hasSize(1);
            assertThat(recordsOf(other, task.id())).as("records of %s on the other tier", task.id()).isEmpty();
            assertThat(records.get(0).key()).isEqualTo(task.id());

            RoutedTask routed = decode(records.get(0));
            assertThat(routed.task()).isEqualTo(task);
            assertThat(routed.tier()).isEqualTo(tier);
            assertThat(routed.attempt()).isEqualTo(1);
            assertThat(routed.routing().rule()).isEqualTo(rule.get(task.id()));
            assertThat(routed.routing().reason()).isNotBlank();
        });
        assertThat(routedIds(fast)).doesNotHaveDuplicates();
        assertThat(routedIds(quality)).doesNotHaveDuplicates();
    }

    @Test
    void deadLettersBadRecordsWithTheirReasonAndKeepsRouting() {
        String garbage = "not json";
        String missingPrompt = EventCodec.encode(TaskBuilder.task().id("dlq-no-prompt").prompt(null).build());
        String futureVersion = EventCodec.encode(new Task(99, "dlq-v99", "batch-test", "refactor",
                "Rename it.", null, Map.of(), Instant.parse("2026-01-01T00:00:00Z"), null, 1, null));
        KafkaTestClients.send(bootstrapServers, TOPICS.tasks(), "dlq-garbage", garbage);
        KafkaTestClients.send(bootstrapServers, TOPICS.tasks(), "dlq-no-prompt", missingPrompt);
        KafkaTestClients.send(bootstrapServers, TOPICS.tasks(), "dlq-v99", futureVersion);
        Task after = TaskBuilder.task().id("after-bad-records").type("architecture-design").build();
        send(after);

        await().atMost(WAIT).until(() -> routedIds(quality).contains(after.id())
                && keys(deadLetters).containsAll(List.of("dlq-garbage", "dlq-no-prompt", "dlq-v99"))
                && keys(tasks).containsAll(List.of("dlq-garbage", "dlq-no-prompt", "dlq-v99")));
        assertDeadLettered("dlq-garbage", garbage, EventCodec.UNPARSEABLE, "not valid JSON");
        assertDeadLettered("dlq-no-prompt", missingPrompt, "INVALID_TASK", "'prompt'");
        assertDeadLettered("dlq-v99", futureVersion, EventCodec.UNSUPPORTED_VERSION, "schemaVersion 99");
        assertThat(routedIds(fast)).doesNotContain("dlq-no-prompt", "dlq-v99");
        assertThat(routedIds(quality)).doesNotContain("dlq-no-prompt", "dlq-v99");
    }

    @Test
    void commitsEveryRecordOnceItsOutputIsWritten() {
        send(TaskBuilder.task().id("commit-refactor").type("refactor").build());
        KafkaTestClients.send(bootstrapServers, TOPICS.tasks(), "commit-garbage", "[]");

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(committedOffsets(admin)).isEqualTo(endOffsets(admin)));
        }
    }

    @Test
    void publishesRoutingMetricsAndIsReady() {
        send(TaskBuilder.task().id("metrics-lint").type("lint").build());
        KafkaTestClients.send(bootstrapServers, TOPICS.tasks(), "metrics-garbage", "{\"schemaVersion\":");

        await().atMost(WAIT).untilAsserted(() -> given().get("/q/metrics").then().statusCode(200)
                .body(containsString("taskfleet_tasks_routed_total{rule=\"type-keyword\",tier=\"fast\"}"))
                .body(containsString("taskfleet_dlq_records_total{reason=\"UNPARSEABLE\",service=\"router\"}"))
                .body(containsString("taskfleet_routing_decision_seconds_bucket")));
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertThat(counterValue(metrics, "taskfleet_tasks_routed_total{rule=\"type-keyword\",tier=\"fast\"}"))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(counterValue(metrics, "taskfleet_dlq_records_total{reason=\"UNPARSEABLE\",service=\"router\"}"))
                .isGreaterThanOrEqualTo(1.0);
        // Series of rules that have not fired yet exist at zero.
        assertThat(metrics).contains("taskfleet_tasks_routed_total{rule=\"default\",tier=\"quality\"}");
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200).body("status", equalTo("UP")));
    }

    private static Map<TopicPartition, Long> committedOffsets(Admin admin) throws Exception {
        Map<TopicPartition, Long> committed = new HashMap<>();
        admin.listConsumerGroupOffsets(ROUTER_GROUP).partitionsToOffsetAndMetadata().get()
                .forEach((partition, offset) -> committed.put(partition, offset.offset()));
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

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static List<String> routedIds(TopicCollector collector) {
        return collector.records().stream().map(r -> decode(r).task().id()).toList();
    }

    private static List<ConsumerRecord<String, String>> recordsOf(TopicCollector collector, String taskId) {
        return collector.records().stream().filter(r -> taskId.equals(decode(r).task().id())).toList();
    }

    private static List<String> keys(TopicCollector collector) {
        return collector.records().stream().map(ConsumerRecord::key).toList();
    }

    private static RoutedTask decode(ConsumerRecord<String, String> record) {
        try {
            return EventCodec.decodeRoutedTask(record.value());
        } catch (Exception e) {
            throw new AssertionError("not a routed task at " + record.topic() + "@" + record.offset(), e);
        }
    }

    private static double counterValue(String prometheusText, String series) {
        Optional<String> line = prometheusText.lines().filter(l -> l.startsWith(series + " ")).findFirst();
        assertThat(line).as("series %s", series).isPresent();
        return Double.parseDouble(line.get().substring(series.length() + 1).trim());
    }
}
