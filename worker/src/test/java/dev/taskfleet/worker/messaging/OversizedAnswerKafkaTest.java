package dev.taskfleet.worker.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.KafkaTestResource;
import dev.taskfleet.testkit.ResultsCollector;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.testkit.TopicCollector;
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
 * A model answer larger than the results topic takes (here the results producer's
 * {@code max.request.size} is cut to {@value #MAX_RESULT_BYTES} bytes; a topic's smaller
 * {@code max.message.bytes} fails the same way, from the broker) ends as a FAILED result with
 * {@code OUTPUT_TOO_LARGE}: no stuck partition, no nacked record failing the channel and the pod's
 * health, and the task behind it on the same partition is answered.
 */
@QuarkusTest
@TestProfile(OversizedAnswerKafkaTest.SmallResults.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPIC_PREFIX_ARG, value = OversizedAnswerKafkaTest.PREFIX))
@QuarkusTestResource(value = ScriptedChatTestResource.class, restrictToAnnotatedClass = true)
class OversizedAnswerKafkaTest {

    static final String PREFIX = "worker-oversized-test";
    static final int MAX_RESULT_BYTES = 20_000;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    public static class SmallResults implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.test-port", "0",
                    "mp.messaging.outgoing.results.max.request.size", Integer.toString(MAX_RESULT_BYTES));
        }
    }

    @Inject
    TopicNames topics;

    @Test
    void anAnswerTooLargeForTheResultsTopicEndsFailedAndThePartitionMovesOn() {
        assertThat(ScriptedChatTestResource.HUGE_ANSWER.length()).isGreaterThan(MAX_RESULT_BYTES);
        String batch = "batch-" + UUID.randomUUID();
        Map<String, String> records = new LinkedHashMap<>();
        // One key for both, so both land on one partition, the huge answer first.
        String key = batch + "-partition";
        records.put(key, EventCodec.encode(TaskBuilder.task().id(batch + "-huge").batch(batch)
                .prompt("huge-answer " + batch).routedTo("fast")));
        String bootstrap = TestBrokers.shared().bootstrapServers();
        double failedBefore = OpenAiWorkerKafkaTest.metric(
                "taskfleet_tasks_completed_total{priority=\"standard\",status=\"failed\",team=\"default\",tier=\"fast\"}");

        try (ResultsCollector results = new ResultsCollector(bootstrap, topics.results());
                TopicCollector deadLetters = new TopicCollector(bootstrap, topics.deadLetters())) {
            KafkaTestClients.sendAll(bootstrap, topics.tier("fast"), records);
            KafkaTestClients.send(bootstrap, topics.tier("fast"), key, EventCodec.encode(TaskBuilder.task()
                    .id(batch + "-after").batch(batch).prompt("steady " + batch).routedTo("fast")));

            await().atMost(PATIENCE).until(() -> results.countOfBatch(batch) >= 2);

            Map<String, TaskResult> byId = results.byTaskId();
            TaskResult huge = byId.get(batch + "-huge");
            assertThat(huge.status()).isEqualTo(ResultStatus.FAILED);
            assertThat(huge.output()).isNull();
            assertThat(huge.error().code()).isEqualTo(ResultErrorCodes.OUTPUT_TOO_LARGE);
            assertThat(huge.error().message()).contains(ScriptedChatTestResource.HUGE_ANSWER.length() + " characters");
            assertThat(huge.outputTokens()).as("the tokens were spent").isEqualTo(ScriptedChatTestResource.COMPLETION_TOKENS);
            assertThat(byId.get(batch + "-after").status()).as("the task behind it").isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(results.resultsOfBatch(batch)).hasSize(2);
            assertThat(deadLetters.records()).as("nothing dead-lettered").isEmpty();
        }
        assertThat(OpenAiWorkerKafkaTest.metric(
                "taskfleet_tasks_completed_total{priority=\"standard\",status=\"failed\",team=\"default\",tier=\"fast\"}"))
                .isEqualTo(failedBefore + 1);
        given().get("/q/health").then().statusCode(200);
    }
}
