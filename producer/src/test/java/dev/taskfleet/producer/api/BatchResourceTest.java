package dev.taskfleet.producer.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.Task;
import dev.taskfleet.testkit.Events;
import dev.taskfleet.testkit.KafkaTestResource;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.testkit.TopicCollector;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(SmallLimitsProfile.class)
@QuarkusTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPIC_PREFIX_ARG, value = BatchResourceTest.PREFIX))
class BatchResourceTest {

    static final String PREFIX = "producer-it";
    static final String TASKS_TOPIC = PREFIX + ".tasks";
    static final String PATH = "/api/v1/batches";
    static final String NDJSON = "application/x-ndjson";

    private TopicCollector tasks;

    @BeforeEach
    void collect() {
        tasks = new TopicCollector(TestBrokers.shared().bootstrapServers(), TASKS_TOPIC);
    }

    @AfterEach
    void stopCollecting() {
        tasks.close();
    }

    static String ndjson(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    static List<String> submissions(String idPrefix, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> TaskBuilder.task().id(idPrefix + i).prompt("Write tests for class C" + i).submissionJson())
                .toList();
    }

    /** Records of one batch, keyed by task id, once {@code expected} of them have arrived. */
    Map<String, ConsumerRecord<String, String>> awaitBatch(String batchId, int expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> recordsOf(batchId).size() >= expected);
        List<ConsumerRecord<String, String>> records = recordsOf(batchId);
        assertThat(records).hasSize(expected);
        return records.stream().collect(Collectors.toMap(ConsumerRecord::key, Function.identity()));
    }

    List<ConsumerRecord<String, String>> recordsOf(String batchId) {
        return tasks.records().stream().filter(r -> Events.decode(r, Task.class).batchId().equals(batchId)).toList();
    }

    @Test
    void ndjsonBatchIsPublishedWholeKeyedByTaskId() {
        List<String> lines = submissions("nd-", 200);

        JsonPath reply = given().contentType(NDJSON).body(ndjson(lines).getBytes(StandardCharsets.UTF_8))
                .when().post(PATH)
                .then().statusCode(202)
                .body("accepted", equalTo(200))
                .body("rejectedCount", equalTo(0))
                .body("rejected", hasSize(0))
                .extract().jsonPath();

        String batchId = reply.getString("batchId");
        Map<String, ConsumerRecord<String, String>> published = awaitBatch(batchId, 200);
        assertThat(published.keySet()).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, 200).mapToObj(i -> "nd-" + i).toList());
        published.forEach((key, record) -> {
            Task task = Events.decode(record, Task.class);
            assertThat(task.id()).isEqualTo(key);
            assertThat(task.type()).isEqualTo("refactor");
            assertThat(task.createdAt()).isNotNull();
        });
        assertThat(Events.decode(published.get("nd-7"), Task.class).prompt()).isEqualTo("Write tests for class C7");
    }

    @Test
    void aBatchDeadlineReachesEveryTaskWithoutItsOwnAndABadOneIsRefusedNamingTheParameter() {
        List<String> lines = List.of(
                TaskBuilder.task().id("wait-own").deadline(Duration.ofMinutes(90)).submissionJson(),
                TaskBuilder.task().id("wait-batch").submissionJson());

        JsonPath reply = given().contentType(NDJSON).queryParam("deadline", "24h")
                .body(ndjson(lines).getBytes(StandardCharsets.UTF_8))
                .when().post(PATH)
                .then().statusCode(202).body("accepted", equalTo(2))
                .extract().jsonPath();

        Map<String, ConsumerRecord<String, String>> published = awaitBatch(reply.getString("batchId"), 2);
        assertThat(Events.decode(published.get("wait-own"), Task.class).deadline()).isEqualTo(Duration.ofMinutes(90));
        assertThat(Events.decode(published.get("wait-batch"), Task.class).deadline()).isEqualTo(Duration.ofHours(24));

        int before = tasks.records().size();
        given().contentType(NDJSON).queryParam("deadline", "soon")
                .body(ndjson(List.of(TaskBuilder.task().id("never").submissionJson())).getBytes(StandardCharsets.UTF_8))
                .when().post(PATH)
                .then().statusCode(400)
                .body("field", equalTo("deadline"))
                .body("detail", startsWith("query parameter 'deadline': 'soon' is not a duration"));
        given().contentType(NDJSON)
                .body(ndjson(List.of("{\"prompt\":\"p\",\"deadline\":\"-2h\"}")).getBytes(StandardCharsets.UTF_8))
                .when().post(PATH)
                .then().statusCode(400)
                .body("rejected[0].field", equalTo("deadline"));
        assertThat(tasks.records()).as("nothing of the refused batches was published").hasSize(before);
    }

    @Test
    void aBatchPriorityReachesEveryTaskWithoutItsOwnAndABadOneIsRefusedNamingTheParameterAndTheClasses() {
        List<String> lines = List.of(
                "{\"id\":\"class-own\",\"prompt\":\"p\",\"priority\":\"bulk\"}",
                TaskBuilder.task().id("class-batch").submissionJson());

        JsonPath reply = given().contentType(NDJSON).queryParam("priority", "interactive")
                .body(ndjson(lines).getBytes(StandardCharsets.UTF_8))
                .when().post(PATH)
                .then().statusCode(202).body("accepted", equalTo(2))
                .extract().jsonPath();

        Map<String, ConsumerRecord<String, String>> published = awaitBatch(reply.getString("batchId"), 2);
        assertThat(Events.decode(published.get("class-own"), Task.class).priority()).isEqualTo(Priority.BULK);
        assertThat(Events.decode(published.get("class-batch"), Task.class).priority()).isEqualTo(Priority.INTERACTIVE);
        assertThat(published.get("class-batch").value()).contains("\"priority\":\"interactive\"");

        given().contentType(NDJSON).queryParam("priority", "urgent")
                .body(ndjson(List.of(TaskBuilder.task().id("class-never").submissionJson())).getBytes(StandardCharsets.UTF_8))
                .when().post(PATH)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("priority"))
                .body("detail", equalTo("query parameter 'priority': 'urgent' is not a priority; use interactive,"
                        + " standard, bulk; nothing was published"));
        given().contentType(NDJSON)
                .body(ndjson(List.of("{\"id\":\"class-bad\",\"prompt\":\"p\",\"priority\":\"asap\"}"))
                        .getBytes(StandardCharsets.UTF_8))
                .when().post(PATH)
                .then().statusCode(400)
                .body("rejected[0].field", equalTo("priority"))
                .body("rejected[0].error", startsWith("field 'priority': 'asap' is not a priority"));
        // A batch sent after the refused ones is read back first, so anything they had published has had time to arrive.
        String marker = given().contentType(NDJSON)
                .body(ndjson(List.of(TaskBuilder.task().id("class-after").submissionJson())).getBytes(StandardCharsets.UTF_8))
                .when().post(PATH).then().statusCode(202).extract().path("batchId");
        awaitBatch(marker, 1);
        assertThat(tasks.records()).extracting(ConsumerRecord::key).doesNotContain("class-never", "class-bad");
    }

    @Test
    void malformedAndInvalidLinesAreReportedByNumberWhileGoodOnesArePublished() {
        List<String> lines = List.of(
                TaskBuilder.task().id("mixed-1").submissionJson(),
                "{\"id\": \"mixed-2\", \"type\": \"refactor\", \"prompt\": ",
                "",
                "{\"id\": \"mixed-3\", \"type\": \"refactor\"}",
                TaskBuilder.task().id("mixed-1").submissionJson(),
                "{\"type\": \"docs\", \"prompt\": \"Document the API\"}",
                "{\"id\": \"mixed-4\", \"prompt\": \"A prompt alone is a whole task\"}");

        JsonPath reply = given().contentType(NDJSON).body(ndjson(lines).getBytes(StandardCharsets.UTF_8))
                .when().post(PATH)
                .then().statusCode(202)
                .body("accepted", equalTo(3))
                .body("rejectedCount", equalTo(3))
                .body("rejected.line", equalTo(List.of(2, 4, 5)))
                .body("rejected[0].error", startsWith("malformed JSON"))
                .body("rejected[1].id", equalTo("mixed-3"))
                .body("rejected[1].error", equalTo("field 'prompt': is required"))
                .body("rejected[2].error", containsString("'mixed-1' appears more than once"))
                .extract().jsonPath();

        Map<String, ConsumerRecord<String, String>> published = awaitBatch(reply.getString("batchId"), 3);
        assertThat(published).containsKey("mixed-1");
        assertThat(Events.decode(published.get("mixed-4"), Task.class).type()).as("prompt-only").isNull();
        String generatedId = published.keySet().stream().filter(id -> !id.startsWith("mixed-")).findFirst().orElseThrow();
        assertThat(Events.decode(published.get(generatedId), Task.class).type()).isEqualTo("docs");
        assertThat(generatedId).matches("[0-9a-f-]{36}");
    }

    @Test
    void jsonFormReportsTheIndexOfEachRejectedTask() {
        String body = "{\"tasks\": [\n"
                + TaskBuilder.task().id("json-0").submissionJson() + ",\n"
                + "{\"id\": \"json-1\", \"type\": \"refactor\", \"prompt\": \"p\", \"tierHint\": \"galactic\"},\n"
                + TaskBuilder.task().id("json-2").tierHint("quality").submissionJson() + "\n"
                + "]}";

        JsonPath reply = given().contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8))
                .when().post(PATH)
                .then().statusCode(202)
                .body("accepted", equalTo(2))
                .body("rejected[0].index", equalTo(1))
                .body("rejected[0].line", equalTo(3))
                .body("rejected[0].id", equalTo("json-1"))
                .body("rejected[0].error", startsWith("field 'tierHint': 'galactic' is not a tier"))
                .extract().jsonPath();

        Map<String, ConsumerRecord<String, String>> published = awaitBatch(reply.getString("batchId"), 2);
        assertThat(published.keySet()).containsExactlyInAnyOrder("json-0", "json-2");
        assertThat(Events.decode(published.get("json-2"), Task.class).tierHint()).isEqualTo("quality");
    }

    /**
     * A task within the line and prompt limits whose record is larger than Kafka takes (the
     * profile's {@code max.request.size}, read at start-up): that task alone is rejected with field
     * {@code size}, in both body forms, and the rest of the batch is published, instead of Kafka
     * refusing the send and the whole batch answered 503.
     */
    @Test
    void aTaskLargerThanKafkaTakesIsRejectedOnItsOwnNamingItsSize() {
        String hugePrompt = "Explain this log line by line. ".repeat(1_200);
        assertThat(hugePrompt.length()).isGreaterThan(SmallLimitsProfile.MAX_REQUEST_SIZE).isLessThan(100_000);
        List<String> lines = List.of(TaskBuilder.task().id("size-0").submissionJson(),
                TaskBuilder.task().id("size-1").prompt(hugePrompt).submissionJson(),
                TaskBuilder.task().id("size-2").submissionJson());

        JsonPath ndjsonReply = given().contentType(NDJSON).body(ndjson(lines).getBytes(StandardCharsets.UTF_8))
                .when().post(PATH)
                .then().statusCode(202)
                .body("accepted", equalTo(2))
                .body("rejectedCount", equalTo(1))
                .body("rejected[0].line", equalTo(2))
                .body("rejected[0].id", equalTo("size-1"))
                .body("rejected[0].field", equalTo("size"))
                .body("rejected[0].error", containsString("more than the " + SmallLimitsProfile.MAX_REQUEST_SIZE
                        + " bytes the tasks topic takes"))
                .extract().jsonPath();
        assertThat(awaitBatch(ndjsonReply.getString("batchId"), 2).keySet())
                .containsExactlyInAnyOrder("size-0", "size-2");

        String json = "{\"tasks\": [" + String.join(",\n", lines) + "]}";
        JsonPath jsonReply = given().contentType("application/json").body(json.getBytes(StandardCharsets.UTF_8))
                .when().post(PATH)
                .then().statusCode(202)
                .body("accepted", equalTo(2))
                .body("rejected[0].index", equalTo(1))
                .body("rejected[0].field", equalTo("size"))
                .extract().jsonPath();
        assertThat(awaitBatch(jsonReply.getString("batchId"), 2).keySet())
                .containsExactlyInAnyOrder("size-0", "size-2");
    }

    @Test
    void aBatchWithoutAnyValidTaskIsABadRequestProblem() {
        String body = ndjson(List.of("{\"id\": \"bad-1\"}", "not json at all"));

        given().contentType(NDJSON).body(body.getBytes(StandardCharsets.UTF_8))
                .when().post(PATH)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:taskfleet:problem:no-valid-tasks"))
                .body("title", equalTo("No valid tasks"))
                .body("status", equalTo(400))
                .body("detail", containsString("nothing was published"))
                .body("accepted", equalTo(0))
                .body("rejectedCount", equalTo(2))
                .body("rejected.line", equalTo(List.of(1, 2)))
                .body("rejected[0].id", equalTo("bad-1"));
    }

    @Test
    void aBodyDeclaredOverTheLimitIsRefusedBeforeAnythingIsPublished() {
        byte[] body = ndjson(submissions("big-", 1_000)).getBytes(StandardCharsets.UTF_8);
        assertThat(body.length).isGreaterThan(SmallLimitsProfile.MAX_BATCH_BYTES);

        given().contentType(NDJSON).body(body)
                .when().post(PATH)
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:taskfleet:problem:batch-too-large"))
                .body("detail", containsString("limit of 65536 bytes (64 KiB)"))
                .body("limit", equalTo("max-batch-bytes"))
                .body("maximum", equalTo(SmallLimitsProfile.MAX_BATCH_BYTES));
    }

    @Test
    void unknownContentTypeIsRefusedNamingTheAcceptedOnes() {
        given().contentType("text/csv").body("id,type,prompt\n".getBytes(StandardCharsets.UTF_8))
                .when().post(PATH)
                .then().statusCode(415)
                .contentType("application/problem+json")
                .header("Accept-Post", containsString("application/x-ndjson"))
                .body("detail", containsString("'text/csv"))
                .body("detail", containsString("application/x-ndjson"))
                .body("detail", containsString("application/json"))
                .body("supportedTypes", hasItem("application/json"));
    }

    @Test
    void readinessReportsTheBrokerUp() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("kafka-broker"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsShowTheCatalogueAndKafkaClientMetrics() {
        String body = ndjson(List.of(TaskBuilder.task().id("metrics-1").submissionJson(), "{\"type\": \"refactor\"}"));
        given().contentType(NDJSON).body(body.getBytes(StandardCharsets.UTF_8)).when().post(PATH).then().statusCode(202);

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics)
                .contains("taskfleet_tasks_accepted_total")
                .contains("taskfleet_tasks_rejected_total{field=\"prompt\"}")
                .contains("taskfleet_batches_accepted_total")
                .contains("taskfleet_batch_submission_seconds_bucket{outcome=\"accepted\"")
                .contains("kafka_producer_record_send_total");
    }
}
