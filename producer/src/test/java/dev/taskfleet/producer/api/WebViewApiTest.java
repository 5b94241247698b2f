package dev.taskfleet.producer.api;

import static dev.taskfleet.producer.api.Fleet.BATCHES;
import static dev.taskfleet.producer.api.Fleet.T0;
import static dev.taskfleet.producer.api.Fleet.as;
import static dev.taskfleet.producer.api.Fleet.publish;
import static dev.taskfleet.producer.api.Fleet.result;
import static dev.taskfleet.producer.api.Fleet.submit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.producer.web.RouterExplainClient;
import dev.taskfleet.producer.web.SecurityHeaders;
import dev.taskfleet.testkit.KafkaTestResource;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.modelserver.Endpoint;
import dev.taskfleet.testkit.modelserver.RecordedRequest;
import dev.taskfleet.testkit.modelserver.Reply;
import dev.taskfleet.testkit.modelserver.Route;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the web view asks of the producer besides the CLI's calls: the page and its chart library
 * from this origin with the security headers, the route preview through the router, one task as
 * submitted, completions over time, and the list filtered by state.
 */
@QuarkusTest
@TestProfile(WebProfile.class)
@QuarkusTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPIC_PREFIX_ARG, value = Fleet.PREFIX))
class WebViewApiTest {

    private static final String PREVIEW = "/api/v1/routing/preview";
    private static Route explain;

    @BeforeAll
    static void scriptTheRouter() {
        explain = WebProfile.ROUTER.route(Endpoint.plain(RouterExplainClient.EXPLAIN_PATH));
    }

    @Test
    void thePageAndItsChartLibraryAreServedFromThisOriginWithTheSecurityHeaders() {
        Response page = given().when().get("/");
        page.then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<script type=\"module\" src=\"/assets/app.js\">"));
        SecurityHeaders.HEADERS.forEach((name, value) -> assertThat(page.header(name)).as(name).isEqualTo(value));
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(page.header("Cache-Control")).as("the page is revalidated, never kept across an upgrade")
                .isEqualTo("no-cache");

        given().when().get("/assets/app.js").then().statusCode(200).header("Cache-Control", "no-cache");
        given().when().get("/webjars/uplot/dist/uPlot.esm.js").then().statusCode(200)
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-cache");
        as(TeamsProfile.KEY_A).when().get(BATCHES).then().statusCode(200)
                .header("Cache-Control", "no-store")
                .header("Content-Security-Policy", SecurityHeaders.CONTENT_SECURITY_POLICY);
    }

    @Test
    void aPreviewIsTheRoutersExplanationAskedForOnTheCallersBehalf() {
        explain.then(Reply.json(200, """
                [{"id":"t1","type":"security-review","tier":"quality","rule":"reviews","score":0.0,"features":{},
                  "explanation":"rule 'reviews' matched type security-review"}]"""));
        String tasks = "{\"id\":\"t1\",\"type\":\"security-review\",\"prompt\":\"Review the login handler\"}\n";

        as(TeamsProfile.KEY_A).contentType("application/x-ndjson").body(tasks.getBytes(StandardCharsets.UTF_8)).when().post(PREVIEW)
                .then().statusCode(200)
                .body("tasks.id", contains("t1"))
                .body("tasks[0].tier", equalTo("quality"))
                .body("tasks[0].rule", equalTo("reviews"))
                .body("tasks[0].explanation", equalTo("rule 'reviews' matched type security-review"));

        RecordedRequest asked = explain.requests().get(explain.requests().size() - 1);
        assertThat(asked.body()).isEqualTo(tasks);
        assertThat(asked.header("Content-Type")).startsWith("application/x-ndjson");
        assertThat(asked.header("Authorization")).as("the caller's key stays with the producer").isNull();
    }

    @Test
    void aPreviewNeedsAKeyAndPassesOnTheRoutersVerdictOnABadTask() {
        int asked = explain.requests().size();
        given().contentType("application/x-ndjson").body(bytes("{}\n")).when().post(PREVIEW).then().statusCode(401);
        assertThat(explain.requests()).as("no key, no call to the router").hasSize(asked);

        explain.then(Reply.json(400, """
                {"type":"urn:taskfleet:problem:invalid-task","title":"Invalid task","status":400,
                 "detail":"line 1: field 'prompt': is required","line":1,"field":"prompt"}"""));
        as(TeamsProfile.KEY_A).contentType("application/x-ndjson").body(bytes("{\"type\":\"refactor\"}\n")).when().post(PREVIEW)
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:taskfleet:problem:invalid-task"))
                .body("detail", equalTo("line 1: field 'prompt': is required"))
                .body("field", equalTo("prompt"));
    }

    @Test
    void aRouterThatDoesNotAnswerIsAClear503() {
        explain.then(Reply.dropConnection());

        as(TeamsProfile.KEY_A).contentType("application/x-ndjson").body(bytes("{\"type\":\"refactor\",\"prompt\":\"p\"}\n"))
                .when().post(PREVIEW)
                .then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("type", equalTo("urn:taskfleet:problem:router-unavailable"))
                .body("detail", containsString("the route preview asks the router, which did not answer"));
    }

    @Test
    void aTaskIsReadBackAsSubmittedAndOnlyByItsTeam() {
        String hostile = "<script>alert(1)</script> rename getX";
        String body = TaskBuilder.task().id("web-0").type("refactor").prompt(hostile).tierHint("quality").submissionJson() + "\n";
        String batch = as(TeamsProfile.KEY_A).contentType("application/x-ndjson").body(body.getBytes(StandardCharsets.UTF_8))
                .when().post(BATCHES).then().statusCode(202).extract().path("batchId");

        as(TeamsProfile.KEY_A).when().get(BATCHES + "/" + batch + "/tasks/web-0").then().statusCode(200)
                .body("taskId", equalTo("web-0"))
                .body("batchId", equalTo(batch))
                .body("type", equalTo("refactor"))
                .body("prompt", equalTo(hostile))
                .body("tierHint", equalTo("quality"));
        as(TeamsProfile.KEY_A).when().get(BATCHES + "/" + batch + "/tasks/no-such-task").then().statusCode(404)
                .body("type", equalTo("urn:taskfleet:problem:task-not-found"));
        as(TeamsProfile.KEY_B).when().get(BATCHES + "/" + batch + "/tasks/web-0").then().statusCode(404)
                .body("type", equalTo("urn:taskfleet:problem:batch-not-found"));
    }

    @Test
    void theTimelineCountsFinalResultsPerIntervalAndTierAndOneTasksResultCanBeAskedFor() {
        String batch = submit(TeamsProfile.KEY_A, "line-", 3);
        publish(result(batch, "line-0", "fast", ResultStatus.SUCCEEDED, 1, T0.plusMillis(200)),
                result(batch, "line-1", "fast", ResultStatus.FAILED, 1, T0.plusMillis(1500)),
                result(batch, "line-2", "quality", ResultStatus.SUCCEEDED, 1, T0.plusMillis(3100)));
        await().untilAsserted(() -> as(TeamsProfile.KEY_A).when().get(BATCHES + "/" + batch)
                .then().body("finished", equalTo(3)));

        as(TeamsProfile.KEY_A).when().get(BATCHES + "/" + batch + "/timeline").then().statusCode(200)
                .body("start", equalTo(T0.toString()))
                .body("bucketSeconds", equalTo(1))
                .body("completed.fast", contains(1, 1, 0, 0))
                .body("completed.quality", contains(0, 0, 0, 1));
        String one = as(TeamsProfile.KEY_A).queryParam("task", "line-1").when().get(BATCHES + "/" + batch + "/results")
                .then().statusCode(200).extract().asString();
        assertThat(one.lines().toList()).singleElement().asString().contains("\"taskId\":\"line-1\"");
    }

    @Test
    void theListCanBeFilteredByState() {
        String running = submit(TeamsProfile.KEY_A, "filter-", 2);

        as(TeamsProfile.KEY_A).queryParam("state", "running").queryParam("limit", 100).when().get(BATCHES)
                .then().statusCode(200).body("batches.batchId", hasItem(running))
                .body("batches.state", not(hasItem("COMPLETED")));
        as(TeamsProfile.KEY_A).queryParam("state", "completed").queryParam("limit", 100).when().get(BATCHES)
                .then().statusCode(200).body("batches.batchId", not(hasItem(running)));
        as(TeamsProfile.KEY_A).queryParam("state", "finished").when().get(BATCHES)
                .then().statusCode(400).body("field", equalTo("state")).body("batchId", nullValue());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
