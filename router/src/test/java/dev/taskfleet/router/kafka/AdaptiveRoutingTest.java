package dev.taskfleet.router.kafka;

import static dev.taskfleet.router.kafka.RouterRecords.counterValue;
import static dev.taskfleet.router.kafka.RouterRecords.routedOf;
import static dev.taskfleet.testkit.AttemptBuilder.anAttempt;
import static dev.taskfleet.testkit.ResultBuilder.aResult;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.testkit.AttemptBuilder;
import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.TopicCollector;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Adaptive routing with {@code policies/adaptive.yaml} (at least 10 outcomes, 80% success): the
 * state rebuilt from results published before the router started, and results followed live.
 */
@QuarkusTest
@TestProfile(AdaptiveRoutingTest.AdaptivePolicy.class)
@QuarkusTestResource(value = SeededResultsResource.class, restrictToAnnotatedClass = true)
class AdaptiveRoutingTest {

    private static final TopicNames TOPICS = new TopicNames(SeededResultsResource.PREFIX);
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Runs the router with the adaptive test policy. */
    public static final class AdaptivePolicy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("taskfleet.router.policy-file", "src/test/resources/policies/adaptive.yaml");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private TopicCollector fast;
    private TopicCollector quality;

    @BeforeEach
    void collect() {
        fast = new TopicCollector(bootstrapServers, TOPICS.tier("fast"));
        quality = new TopicCollector(bootstrapServers, TOPICS.tier("quality"));
    }

    @AfterEach
    void close() {
        List.of(fast, quality).forEach(TopicCollector::close);
    }

    @Test
    void rebuildsSuccessRatesFromTheResultsTopicAtStart() {
        Task task = TaskBuilder.task().id("adaptive-seeded").type(SeededResultsResource.SEEDED_TYPE).build();

        send(task);

        RoutedTask routed = awaitRouted(quality, task.id());
        assertThat(routed.routing().rule()).isEqualTo("adaptive");
        // 3 of 12: the duplicate of a success was not counted (it would read 4/13).
        assertThat(routed.routing().reason()).contains("refactor on fast: 3/12 succeeded (25%)")
                .contains("below 80%").contains("sent to quality");
        assertThat(routedOf(fast, task.id())).isEmpty();
    }

    @Test
    void ignoresResultsOlderThanTheWindow() {
        Task task = TaskBuilder.task().id("adaptive-stale").type(SeededResultsResource.STALE_TYPE).build();

        send(task);

        RoutedTask routed = awaitRouted(fast, task.id());
        assertThat(routed.routing().rule()).isEqualTo("cheap-first");
    }

    @Test
    void followsNewResultsAndPromotesATypeThatKeepsFailing() {
        String type = "docs-update";
        assertThat(explainedTier(type)).isEqualTo("fast");
        Instant now = Instant.now();
        Map<String, String> results = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            results.put("docs-" + i, EventCodec.encode(SeededResultsResource.result("docs-" + i, type, i < 2, now)));
        }
        // Escalated twice: each counts as a failure on fast, and as a success on quality.
        for (int i = 8; i < 10; i++) {
            results.put("docs-" + i, EventCodec.encode(escalatedSuccess("docs-" + i, type, now)));
        }
        KafkaTestClients.sendAll(bootstrapServers, TOPICS.results(), results);

        // 2 of 10 on fast: the explain endpoint reads the same live statistics as routing.
        await().atMost(WAIT).until(() -> "quality".equals(explainedTier(type)));
        Task task = TaskBuilder.task().id("adaptive-live").type(type).build();
        send(task);

        RoutedTask routed = awaitRouted(quality, task.id());
        assertThat(routed.routing().rule()).isEqualTo("adaptive");
        assertThat(routed.routing().reason()).contains("docs-update on fast: 2/10 succeeded (20%)");
        await().atMost(WAIT).untilAsserted(() -> assertThat(counterValue(
                given().get("/q/metrics").then().extract().asString(),
                "taskfleet_adaptive_promotions_total{from_tier=\"fast\",to_tier=\"quality\"}"))
                .isGreaterThanOrEqualTo(1.0));
    }

    /**
     * A record on the results topic that is not a result is skipped with its count, and the results
     * written behind it on the same partition are still read: they move the type up.
     */
    @Test
    void countsAnUndecodableResultAndReadsTheResultsBehindIt() {
        String type = "translate";
        String skipped = "taskfleet_router_results_skipped_total{reason=\"UNPARSEABLE\"}";
        double before = counterValue(given().get("/q/metrics").then().extract().asString(), skipped);
        assertThat(explainedTier(type)).isEqualTo("fast");
        // One key for every record: one partition, the poison first.
        String key = "poison-then-results";
        KafkaTestClients.send(bootstrapServers, TOPICS.results(), key, "{\"taskId\": \"cut off");
        Instant now = Instant.now();
        for (int i = 0; i < 10; i++) {
            KafkaTestClients.send(bootstrapServers, TOPICS.results(), key,
                    EventCodec.encode(SeededResultsResource.result("translate-" + i, type, i < 2, now)));
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(counterValue(
                given().get("/q/metrics").then().extract().asString(), skipped)).isEqualTo(before + 1));
        await().atMost(WAIT).until(() -> "quality".equals(explainedTier(type)));
    }

    private static TaskResult escalatedSuccess(String id, String type, Instant at) {
        AttemptBuilder call = anAttempt().latencyMs(10).tokens(1, 1);
        return aResult().taskId(id).batch("batch-live").type(type).onTier("quality").model("large-1").succeeded("ok")
                .attempts(2).tokens(2, 2).latencyMs(10).worker("worker-quality-1").finishedAt(at).submittedAt(at)
                .history(call.model("small-1").failed("OUTPUT_REJECTED", "bad").build(),
                        call.onTier("quality").model("large-1").build())
                .build();
    }

    private static String explainedTier(String type) {
        String body = "{\"type\":\"" + type + "\",\"prompt\":\"Update the docs.\"}";
        return given().contentType("application/x-ndjson").body(body.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/routing/explain").then().statusCode(200).extract().path("[0].tier");
    }

    private RoutedTask awaitRouted(TopicCollector collector, String taskId) {
        await().atMost(WAIT).until(() -> !routedOf(collector, taskId).isEmpty());
        List<RoutedTask> routed = routedOf(collector, taskId);
        assertThat(routed).hasSize(1);
        return routed.get(0);
    }

    private void send(Task task) {
        KafkaTestClients.send(bootstrapServers, TOPICS.tasks(), task.id(), EventCodec.encode(task));
    }
}
