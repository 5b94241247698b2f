package dev.taskfleet.producer.api;

import static dev.taskfleet.producer.api.Fleet.BATCHES;
import static dev.taskfleet.producer.api.Fleet.as;
import static dev.taskfleet.producer.api.Fleet.submit;
import static dev.taskfleet.testkit.ResultBuilder.aResult;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.ResultStatus;
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
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(TeamsProfile.class)
@QuarkusTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPIC_PREFIX_ARG, value = Fleet.PREFIX))
class TeamAccessTest {

    private static byte[] ndjson(String idPrefix, int count, String prompt) {
        return IntStream.range(0, count)
                .mapToObj(i -> TaskBuilder.task().id(idPrefix + i).prompt(prompt).submissionJson())
                .collect(Collectors.joining("\n", "", "\n")).getBytes(StandardCharsets.UTF_8);
    }

    /** The published tasks of one batch by task id, once {@code expected} of them have arrived. */
    private static Map<String, Task> publishedTasks(TopicCollector tasks, String batchId, int expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> tasksOf(tasks, batchId).size() >= expected);
        Map<String, Task> published = tasksOf(tasks, batchId);
        assertThat(published).hasSize(expected);
        return published;
    }

    private static Map<String, Task> tasksOf(TopicCollector tasks, String batchId) {
        return tasks.records().stream().map(r -> Events.decode(r, Task.class)).filter(t -> batchId.equals(t.batchId()))
                .collect(Collectors.toMap(Task::id, t -> t));
    }

    private static TopicCollector tasksTopic() {
        return new TopicCollector(TestBrokers.shared().bootstrapServers(), Fleet.PREFIX + ".tasks");
    }

    @Test
    void aTaskNamingAClassTheTeamMayNotUseIsRejectedNamingPriorityAndTheRestArePublished() {
        String body = TaskBuilder.task().id("lows-own-0").submissionJson() + "\n"
                + "{\"id\":\"lows-urgent\",\"prompt\":\"p\",\"priority\":\"interactive\"}\n";
        try (TopicCollector tasks = tasksTopic()) {
            String batch = as(TeamsProfile.KEY_LOWS).contentType("application/x-ndjson")
                    .body(body.getBytes(StandardCharsets.UTF_8))
                    .when().post(BATCHES)
                    .then().statusCode(202)
                    .body("accepted", equalTo(1))
                    .body("rejected[0].line", equalTo(2))
                    .body("rejected[0].id", equalTo("lows-urgent"))
                    .body("rejected[0].field", equalTo("priority"))
                    .body("rejected[0].error", equalTo("field 'priority': team 'lows' may not use priority "
                            + "'interactive'; it may use standard, bulk"))
                    .extract().path("batchId");

            assertThat(publishedTasks(tasks, batch, 1)).containsOnlyKeys("lows-own-0");
        }
        given().get("/q/metrics").then().body(containsString("taskfleet_tasks_rejected_total{field=\"priority\"}"));
    }

    @Test
    void aBatchPriorityTheTeamMayNotUseRefusesTheWholeBatchAndPublishesNothing() {
        try (TopicCollector tasks = tasksTopic()) {
            as(TeamsProfile.KEY_LOWS).contentType("application/x-ndjson").queryParam("priority", "interactive")
                    .body(ndjson("lows-refused-", 2, "p"))
                    .when().post(BATCHES)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:taskfleet:problem:priority-not-allowed"))
                    .body("field", equalTo("priority"))
                    .body("detail", equalTo("query parameter 'priority': team 'lows' may not use priority "
                            + "'interactive'; it may use standard, bulk; nothing was published"));
            // Another team may: the classes are the team's, not the fleet's.
            String allowed = as(TeamsProfile.KEY_A).contentType("application/x-ndjson")
                    .queryParam("priority", "interactive").body(ndjson("a-urgent-", 1, "p"))
                    .when().post(BATCHES).then().statusCode(202).extract().path("batchId");

            // Read back after the refused batch: anything it had published has had time to arrive.
            assertThat(publishedTasks(tasks, allowed, 1).get("a-urgent-0").priority()).isEqualTo(Priority.INTERACTIVE);
            assertThat(tasks.records()).extracting(ConsumerRecord::key).doesNotContain("lows-refused-0", "lows-refused-1");
        }
    }

    @Test
    void tasksAfterBulkAboveTasksWithoutAClassArePublishedAsBulkUnlessTheBatchNamedOne() {
        int n = TeamsProfile.LOWS_BULK_ABOVE_TASKS;
        try (TopicCollector tasks = tasksTopic()) {
            String batch = submit(TeamsProfile.KEY_LOWS, "lows-big-", n + 2);
            String named = as(TeamsProfile.KEY_LOWS).contentType("application/x-ndjson")
                    .queryParam("priority", "standard").body(ndjson("lows-named-", n + 1, "p"))
                    .when().post(BATCHES).then().statusCode(202).extract().path("batchId");

            Map<String, Task> big = publishedTasks(tasks, batch, n + 2);
            for (int i = 0; i < n; i++) {
                assertThat(big.get("lows-big-" + i).priority()).as("task %d", i + 1).isEqualTo(Priority.STANDARD);
            }
            assertThat(big.get("lows-big-" + n).priority()).as("task %d", n + 1).isEqualTo(Priority.BULK);
            assertThat(big.get("lows-big-" + (n + 1)).priority()).as("task %d", n + 2).isEqualTo(Priority.BULK);
            assertThat(publishedTasks(tasks, named, n + 1).values()).extracting(Task::priority)
                    .containsOnly(Priority.STANDARD);
        }
    }

    /**
     * The 202 and the batch's status count the accepted tasks per class, highest first: a batch past
     * the team's bulk-above-tasks is part standard, part bulk; a batch submitted as bulk is all bulk;
     * a plain small batch is all standard; a rejected task counts in no class.
     */
    @Test
    void theReceiptAndTheStatusCountTheAcceptedTasksPerPriorityClass() {
        int n = TeamsProfile.LOWS_BULK_ABOVE_TASKS;
        byte[] mixedBody = (new String(ndjson("lows-count-", n + 3, "p"), StandardCharsets.UTF_8)
                + "{\"id\":\"lows-count-urgent\",\"prompt\":\"p\",\"priority\":\"interactive\"}\n")
                .getBytes(StandardCharsets.UTF_8);
        ExtractableResponse<Response> mixed = as(TeamsProfile.KEY_LOWS).contentType("application/x-ndjson")
                .body(mixedBody).when().post(BATCHES).then().statusCode(202)
                .body("accepted", equalTo(n + 3))
                .body("rejectedCount", equalTo(1))
                .body("priorities.standard", equalTo(n))
                .body("priorities.bulk", equalTo(3))
                .body("priorities.interactive", nullValue())
                .extract();
        assertThat(mixed.asString()).contains("\"priorities\":{\"standard\":" + n + ",\"bulk\":3}");
        String bulk = as(TeamsProfile.KEY_LOWS).contentType("application/x-ndjson").queryParam("priority", "bulk")
                .body(ndjson("lows-all-bulk-", 4, "p")).when().post(BATCHES).then().statusCode(202)
                .body("priorities.bulk", equalTo(4)).extract().path("batchId");
        String plain = submit(TeamsProfile.KEY_A, "plain-count-", 2);

        String status = as(TeamsProfile.KEY_LOWS).when().get(BATCHES + "/" + mixed.path("batchId")).then()
                .statusCode(200).extract().asString();
        assertThat(status).contains("\"priorities\":{\"standard\":" + n + ",\"bulk\":3}");
        as(TeamsProfile.KEY_LOWS).when().get(BATCHES + "/" + bulk).then().statusCode(200)
                .body("priorities.size()", equalTo(1))
                .body("priorities.bulk", equalTo(4));
        as(TeamsProfile.KEY_A).when().get(BATCHES + "/" + plain).then().statusCode(200)
                .body("priorities.size()", equalTo(1))
                .body("priorities.standard", equalTo(2));
    }

    @Test
    void aMissingOrWrongKeyIsA401ProblemAndCounted() {
        given().contentType("application/x-ndjson").body(ndjson("anon-", 1, "p"))
                .when().post(BATCHES)
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("type", equalTo("urn:taskfleet:problem:unauthorized"))
                .body("status", equalTo(401));
        as("not-a-key").when().get(BATCHES).then().statusCode(401).body("detail", equalTo("the API key is not valid"));
        given().header("Authorization", "Basic dXNlcjpwYXNz").when().get(BATCHES).then().statusCode(401);

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("taskfleet_auth_failures_total{reason=\"missing\"}")
                .contains("taskfleet_auth_failures_total{reason=\"invalid\"}");
    }

    @Test
    void anotherTeamsBatchIsNotFoundAnywhere() {
        String batch = submit(TeamsProfile.KEY_A, "iso-", 1);
        String path = BATCHES + "/" + batch;

        as(TeamsProfile.KEY_B).when().get(path).then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo("urn:taskfleet:problem:batch-not-found"));
        as(TeamsProfile.KEY_B).when().get(path + "/results").then().statusCode(404);
        as(TeamsProfile.KEY_B).when().get(path + "/events").then().statusCode(404);
        as(TeamsProfile.KEY_B).when().post(path + "/retry").then().statusCode(404);
        as(TeamsProfile.KEY_B).when().post(path + "/cancel").then().statusCode(404);
        as(TeamsProfile.KEY_B).when().get(BATCHES + "?limit=100").then().statusCode(200)
                .body("batches.batchId", not(hasItem(batch)));
        as(TeamsProfile.KEY_A).when().get(path).then().statusCode(200).body("team", equalTo("team-a"));
    }

    @Test
    void tooManyTasksForTheTeamIsA413NamingTheLimit() {
        as(TeamsProfile.KEY_TINY).contentType("application/x-ndjson")
                .body(ndjson("tiny-many-", TeamsProfile.TINY_MAX_TASKS + 1, "short"))
                .when().post(BATCHES)
                .then().statusCode(413)
                .body("limit", equalTo("max-tasks-per-batch"))
                .body("maximum", equalTo(TeamsProfile.TINY_MAX_TASKS))
                .body("detail", containsString("limit of " + TeamsProfile.TINY_MAX_TASKS + " tasks"));
    }

    /**
     * The tasks published before a batch broke the team's task limit run anyway, and the batch they
     * are registered under counts them per class like any other: here all bulk, as submitted.
     */
    @Test
    void theTasksPublishedBeforeTheTaskLimitAreCountedPerClassInTheStatus() {
        String batch = as(TeamsProfile.KEY_TINY).contentType("application/x-ndjson").queryParam("priority", "bulk")
                .body(ndjson("tiny-bulk-", TeamsProfile.TINY_MAX_TASKS + 1, "short"))
                .when().post(BATCHES)
                .then().statusCode(413)
                .body("published", equalTo(TeamsProfile.TINY_MAX_TASKS))
                .extract().path("batchId");

        as(TeamsProfile.KEY_TINY).when().get(BATCHES + "/" + batch).then().statusCode(200)
                .body("total", equalTo(TeamsProfile.TINY_MAX_TASKS))
                .body("priorities.size()", equalTo(1))
                .body("priorities.bulk", equalTo(TeamsProfile.TINY_MAX_TASKS));
    }

    @Test
    void aPromptOverTheTeamsLimitIsA413NamingTheLimit() {
        as(TeamsProfile.KEY_TINY).contentType("application/x-ndjson")
                .body(ndjson("tiny-long-", 1, "x".repeat(TeamsProfile.TINY_MAX_PROMPT + 1)))
                .when().post(BATCHES)
                .then().statusCode(413)
                .body("limit", equalTo("max-prompt-chars"))
                .body("maximum", equalTo(TeamsProfile.TINY_MAX_PROMPT))
                .body("detail", containsString(TeamsProfile.TINY_MAX_PROMPT + " characters"));
        as(TeamsProfile.KEY_TINY).contentType("application/x-ndjson")
                .body(ndjson("tiny-ok-", 1, "x".repeat(TeamsProfile.TINY_MAX_PROMPT)))
                .when().post(BATCHES).then().statusCode(202);
    }

    @Test
    void aTeamAtItsBatchesInFlightLimitIsA429NamingTheLimit() {
        submit(TeamsProfile.KEY_SOLO, "solo-1-", 1);
        as(TeamsProfile.KEY_SOLO).contentType("application/x-ndjson").body(ndjson("solo-2-", 1, "p"))
                .when().post(BATCHES)
                .then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", equalTo("30"))
                .body("limit", equalTo("max-batches-in-flight"))
                .body("maximum", equalTo(1))
                .body("inFlight", equalTo(1));
        // Other teams are not held back by it.
        submit(TeamsProfile.KEY_A, "not-solo-", 1);
    }

    @Test
    void aTeamThatSpentItsDailyBudgetIsA429NamingTheBudgetAndWhenItResets() {
        String batch = submit(TeamsProfile.KEY_FRUGAL, "frugal-1-", 4);
        Instant now = Instant.now();
        // Four results at 0.25 USD each, as the workers would write them: the day's budget of 1 USD is spent.
        for (int i = 0; i < 4; i++) {
            Fleet.publish(aResult().taskId("frugal-1-" + i).batch(batch).onTier("fast").status(ResultStatus.SUCCEEDED)
                    .output("ok").cost(0.25).finishedAt(now).team(TeamsProfile.FRUGAL).build());
        }
        Instant tomorrow = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                as(TeamsProfile.KEY_FRUGAL).contentType("application/x-ndjson").body(ndjson("frugal-2-", 1, "p"))
                        .when().post(BATCHES)
                        .then().statusCode(429)
                        .contentType("application/problem+json")
                        .body("type", equalTo("urn:taskfleet:problem:budget-spent"))
                        .body("limit", equalTo("daily-budget-usd"))
                        .body("budgetUsd", equalTo(1.0f))
                        .body("spentUsd", equalTo(1.0f))
                        .body("resetsAt", equalTo(tomorrow.toString()))
                        .body("detail", containsString("0.00 USD left"))
                        .header("Retry-After", notNullValue()));
        // Other teams are not held back by it, and the refused batch published nothing.
        submit(TeamsProfile.KEY_A, "not-frugal-", 1);
        given().get("/q/metrics").then().body(containsString(
                "taskfleet_batch_submission_seconds_count{outcome=\"over_budget\"}"));
    }

    @Test
    void runningBatchesOfATeamThatSpendsItsBudgetStopAndSaySo() {
        String spending = submit(TeamsProfile.KEY_THRIFTY, "thrifty-1-", 4);
        String waiting = submit(TeamsProfile.KEY_THRIFTY, "thrifty-2-", 3);
        String otherTeam = submit(TeamsProfile.KEY_A, "not-thrifty-", 2);
        Instant now = Instant.now();
        // The tracker counts the two batches once it has read their ACCEPTED events.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/metrics").then()
                .body(containsString("taskfleet_team_tasks_queued{priority=\"standard\",team=\"thrifty\"} 7.0")));
        // Two results at 0.5 USD each spend the month's 1 USD while both batches have work left.
        for (int i = 0; i < 2; i++) {
            Fleet.publish(aResult().taskId("thrifty-1-" + i).batch(spending).onTier("fast").status(ResultStatus.SUCCEEDED)
                    .output("ok").cost(0.5).finishedAt(now).team(TeamsProfile.THRIFTY).build());
        }

        for (String batch : List.of(spending, waiting)) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    as(TeamsProfile.KEY_THRIFTY).when().get(BATCHES + "/" + batch)
                            .then().statusCode(200).body("state", equalTo("BUDGET_EXCEEDED")));
        }
        as(TeamsProfile.KEY_A).when().get(BATCHES + "/" + otherTeam).then().body("state", equalTo("RUNNING"));
        given().get("/q/metrics").then().body(containsString("taskfleet_team_tasks_queued{priority=\"standard\",team=\"thrifty\"} 0.0"));

        // The workers answer the tasks that had not started BUDGET_EXCEEDED; the batch says how many.
        for (int i = 2; i < 4; i++) {
            Fleet.publish(aResult().taskId("thrifty-1-" + i).batch(spending).onTier("fast")
                    .status(ResultStatus.BUDGET_EXCEEDED).finishedAt(now).team(TeamsProfile.THRIFTY).build());
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                as(TeamsProfile.KEY_THRIFTY).when().get(BATCHES + "/" + spending)
                        .then().body("state", equalTo("BUDGET_EXCEEDED"))
                        .body("queued", equalTo(0))
                        .body("succeeded", equalTo(2))
                        .body("budgetExceeded", equalTo(2))
                        .body("cancelled", equalTo(2)));
        // Re-running them waits for the budget.
        as(TeamsProfile.KEY_THRIFTY).when().post(BATCHES + "/" + spending + "/retry")
                .then().statusCode(409)
                .body("type", equalTo("urn:taskfleet:problem:budget-spent"))
                .body("detail", containsString("monthly-budget-usd"));
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertThat(metrics).contains(
                "taskfleet_batches_budget_stopped_total{budget=\"monthly-budget-usd\",team=\"thrifty\"} 2.0",
                "taskfleet_team_spend_usd{period=\"month\",team=\"thrifty\"} 1.0",
                "taskfleet_team_budget_usd{period=\"month\",team=\"thrifty\"} 1.0");
    }

    @Test
    void openApiDocumentListsEveryEndpointAndTheBearerScheme() {
        String doc = given().when().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        assertThat(doc).contains("\"/api/v1/batches\"", "\"/api/v1/batches/{id}\"", "\"/api/v1/batches/{id}/results\"",
                "\"/api/v1/batches/{id}/events\"", "\"/api/v1/batches/{id}/retry\"", "\"/api/v1/batches/{id}/cancel\"",
                "\"bearer\"");
    }

    @Test
    void readinessIncludesTheCaughtUpTrackerAndMetricsTheCatalogue() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("batch-tracker"))
                .body("status", equalTo("UP"));
        submit(TeamsProfile.KEY_A, "metrics-", 1);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("taskfleet_tasks_accepted_total{team=\"team-a\"}")
                .contains("taskfleet_batches_active")
                .contains("taskfleet_tracker_task_slots")
                .contains("taskfleet_results_duplicates_total");
    }
}
