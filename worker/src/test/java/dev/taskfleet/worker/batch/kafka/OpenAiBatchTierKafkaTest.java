package dev.taskfleet.worker.batch.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.AttemptRecord;
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
import dev.taskfleet.testkit.TopicCollector;
import dev.taskfleet.testkit.modelserver.OpenAiBatches;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Tier {@code fast} on {@code openai-batch}, end to end over the real broker and a scripted Batch
 * API on localhost: routed tasks are gathered into one provider batch, its partial successes are
 * published, a failed request worth retrying and an expired one go again in a new provider batch,
 * a refused one fails; every task gets exactly one result, each request reached the provider once
 * per provider batch it was in, and the history says which provider batch each call went through.
 */
@QuarkusTest
@TestProfile(OpenAiBatchTierKafkaTest.BatchTier.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPIC_PREFIX_ARG, value = OpenAiBatchTierKafkaTest.PREFIX))
@QuarkusTestResource(value = ScriptedBatchApiTestResource.class, restrictToAnnotatedClass = true)
class OpenAiBatchTierKafkaTest {

    static final String PREFIX = "worker-batch-test";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** Its own profile, so this test gets its own application with tier fast on a batch API. */
    public static class BatchTier implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.test-port", "0");
        }
    }

    @Inject
    TopicNames topics;

    @Test
    void gathersTasksIntoAProviderBatchAndGivesEachTaskOneResultWithItsBatchHistory() {
        String batch = "batch-" + UUID.randomUUID();
        Map<String, RoutedTask> tasks = new LinkedHashMap<>();
        for (String kind : new String[] {"steady-1", "steady-2", "flaky", "late", "revoked"}) {
            RoutedTask routed = TaskBuilder.task().id(batch + "-" + kind).batch(batch).type("summarise")
                    .prompt(kind + " " + batch).routedTo("fast");
            tasks.put(kind, routed);
        }
        Map<String, String> records = new LinkedHashMap<>();
        tasks.values().forEach(routed -> records.put(routed.task().id(), EventCodec.encode(routed)));
        OpenAiBatches provider = ScriptedBatchApiTestResource.batches();
        int createdBefore = provider.batchesCreated();
        String bootstrap = TestBrokers.shared().bootstrapServers();

        try (ResultsCollector results = new ResultsCollector(bootstrap, topics.results());
                TopicCollector escalations = new TopicCollector(bootstrap, topics.escalations())) {
            KafkaTestClients.sendAll(bootstrap, topics.tier("fast"), records);
            await().atMost(PATIENCE).until(() -> results.countOfBatch(batch) >= tasks.size());

            assertThat(results.duplicateTaskIds()).isEmpty();
            assertThat(results.resultsOfBatch(batch)).hasSize(tasks.size());
            Map<String, TaskResult> byId = results.byTaskId();
            for (String kind : new String[] {"steady-1", "steady-2"}) {
                TaskResult steady = byId.get(tasks.get(kind).task().id());
                assertThat(steady.status()).isEqualTo(ResultStatus.SUCCEEDED);
                assertThat(steady.output()).isEqualTo("answer");
                assertThat(steady.model()).isEqualTo("gpt-batch-test");
                assertThat(steady.inputTokens()).isEqualTo(ScriptedBatchApiTestResource.INPUT_TOKENS);
                // The tier's own (batch) prices: 0.075 and 0.30 USD per million tokens.
                assertThat(steady.costUsd()).isCloseTo(40 * 0.075 / 1e6 + 8 * 0.30 / 1e6, within(1e-12));
                assertThat(steady.history()).singleElement().satisfies(call -> {
                    assertThat(call.viaBatch()).isTrue();
                    assertThat(call.providerBatch()).startsWith("batch_");
                    assertThat(call.outcome()).isEqualTo(AttemptRecord.SUCCEEDED);
                });
                assertThat(provider.timesSubmitted(kind + " " + batch)).as(kind).isEqualTo(1);
            }
            TaskResult flaky = byId.get(tasks.get("flaky").task().id());
            assertThat(flaky.status()).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(flaky.history()).extracting(AttemptRecord::outcome)
                    .containsExactly("PROVIDER_ERROR", AttemptRecord.SUCCEEDED);
            assertThat(flaky.history().get(0).providerBatch()).isNotEqualTo(flaky.history().get(1).providerBatch());
            assertThat(provider.timesSubmitted("flaky " + batch)).isEqualTo(2);
            TaskResult late = byId.get(tasks.get("late").task().id());
            assertThat(late.status()).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(late.history()).extracting(AttemptRecord::outcome)
                    .containsExactly("EXPIRED", AttemptRecord.SUCCEEDED);
            assertThat(provider.timesSubmitted("late " + batch)).isEqualTo(2);
            TaskResult revoked = byId.get(tasks.get("revoked").task().id());
            assertThat(revoked.status()).isEqualTo(ResultStatus.FAILED);
            assertThat(revoked.error().code()).isEqualTo("AUTH_FAILED");
            assertThat(provider.timesSubmitted("revoked " + batch)).isEqualTo(1);
            assertThat(escalations.records()).noneMatch(r -> r.value() != null && r.value().contains(batch));
        }
        // However the five were gathered, the two sent again went in a provider batch of their own.
        assertThat(provider.batchesCreated() - createdBefore).isGreaterThanOrEqualTo(2);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("taskfleet_provider_batches_in_flight{", "taskfleet_provider_batch_requests_",
                "taskfleet_provider_batch_completion_seconds_bucket{", "taskfleet_provider_batch_requests_expired_total{");
    }
}
