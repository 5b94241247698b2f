package dev.taskfleet.router.explain;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;

import dev.taskfleet.testkit.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/routing/explain} with the bundled default policy. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPIC_PREFIX_ARG, value = "router-explain"))
class ExplainResourceTest {

    private static final String PATH = "/api/v1/routing/explain";
    private static final String TASKS = """
            {"id":"e-review","type":"security-review","prompt":"Check the login flow."}
            {"id":"e-rename","type":"rename-symbol","prompt":"Rename foo to bar."}
            {"id":"e-senior","type":"refactor","prompt":"Weigh the design trade-off: concurrency and a race in the cache."}
            """;

    @Test
    void explainsEachNdjsonTaskAsJson() {
        given().contentType("application/x-ndjson").body(ndjson(TASKS))
                .when().post(PATH)
                .then().statusCode(200).contentType(startsWith("application/json"))
                .body("size()", equalTo(3))
                .body("[0].id", equalTo("e-review")).body("[0].type", equalTo("security-review"))
                .body("[0].tier", equalTo("quality")).body("[0].rule", equalTo("reviews"))
                .body("[1].tier", equalTo("fast")).body("[1].rule", equalTo("mechanical-chores"))
                .body("[2].tier", equalTo("quality")).body("[2].rule", equalTo("heuristic"))
                .body("[2].score", greaterThan(0f))
                .body("[2].features", hasKey("seniorSignals"))
                .body("[2].explanation", containsString("quality"));
    }

    @Test
    void acceptsAJsonArray() {
        given().contentType("application/json")
                .body("[{\"id\":\"a-1\",\"type\":\"code-review\",\"prompt\":\"Look at it.\"}]")
                .when().post(PATH)
                .then().statusCode(200).body("[0].id", equalTo("a-1")).body("[0].tier", equalTo("quality"));
    }

    @Test
    void rendersTheTableForPlainText() {
        given().contentType("application/x-ndjson").accept("text/plain").body(ndjson(TASKS))
                .when().post(PATH)
                .then().statusCode(200).contentType(startsWith("text/plain"))
                .body(allOf(containsString("e-review"), containsString("e-rename"), containsString("mechanical-chores"),
                        containsString("reviews"), containsString("heuristic")));
    }

    @Test
    void answersAnInvalidTaskWithAProblemNamingLineAndField() {
        given().contentType("application/x-ndjson")
                .body(ndjson("{\"type\":\"lint\",\"prompt\":\"ok\"}\n{\"type\":\"lint\",\"prompt\":\"ok\",\"tierHint\":\"gold\"}\n"))
                .when().post(PATH)
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400)).body("line", equalTo(2)).body("field", equalTo("tierHint"))
                .body("detail", startsWith("line 2: 'tierHint'"));
    }

    /** RestAssured encodes bytes for any content type, text only for types it knows. */
    private static byte[] ndjson(String lines) {
        return lines.getBytes(StandardCharsets.UTF_8);
    }
}
