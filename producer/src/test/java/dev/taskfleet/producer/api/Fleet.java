package dev.taskfleet.producer.api;

import static dev.taskfleet.testkit.ResultBuilder.aResult;
import static io.restassured.RestAssured.given;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.TestBrokers;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Test helpers that play the user (REST calls with a key) and the workers (results on the topic). */
final class Fleet {

    // The same prefix as the other API tests: a @QuarkusTestResource applies to every test class.
    static final String PREFIX = BatchResourceTest.PREFIX;
    static final String BATCHES = "/api/v1/batches";
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private Fleet() {
    }

    static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    /** Submits tasks {@code <idPrefix>0..n-1} and returns the batch id. */
    static String submit(String key, String idPrefix, int count) {
        return submit(key, idPrefix, count, null);
    }

    /** As {@link #submit(String, String, int)}, with {@code ?priority=} when {@code priority} is not {@code null}. */
    static String submit(String key, String idPrefix, int count, String priority) {
        String body = IntStream.range(0, count)
                .mapToObj(i -> TaskBuilder.task().id(idPrefix + i).submissionJson())
                .collect(Collectors.joining("\n", "", "\n"));
        RequestSpecification request = as(key).contentType("application/x-ndjson");
        if (priority != null) {
            request.queryParam("priority", priority);
        }
        return request.body(body.getBytes(StandardCharsets.UTF_8))
                .when().post(BATCHES)
                .then().statusCode(202)
                .extract().path("batchId");
    }

    static TaskResult result(String batchId, String taskId, String tier, ResultStatus status, int run, Instant finishedAt) {
        return result(batchId, taskId, tier, status, run, finishedAt, "answer to " + taskId);
    }

    static TaskResult result(String batchId, String taskId, String tier, ResultStatus status, int run, Instant finishedAt,
                             String output) {
        return aResult().taskId(taskId).batch(batchId).onTier(tier).status(status).output(output).cost(0.25)
                .finishedAt(finishedAt).team("team-a").run(run).submittedAt(T0).build();
    }

    /** Publishes results as the workers would: keyed by task id, in the order given. */
    static void publish(TaskResult... results) {
        for (TaskResult result : results) {
            KafkaTestClients.send(TestBrokers.shared().bootstrapServers(), PREFIX + ".results", result.taskId(),
                    EventCodec.encode(result));
        }
    }
}
