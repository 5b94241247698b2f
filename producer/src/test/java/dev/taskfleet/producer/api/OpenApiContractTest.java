package dev.taskfleet.producer.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskfleet.api.ApiJson;
import dev.taskfleet.api.ApiOperation;
import dev.taskfleet.api.BatchApi;
import dev.taskfleet.testkit.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document and the API types the CLI's client binds ({@link BatchApi#OPERATIONS},
 * read through {@link ApiJson}) say the same: a field renamed, retyped, dropped or made optional on
 * either side, or an operation moved, fails here.
 */
@QuarkusTest
@TestProfile(SmallLimitsProfile.class)
@QuarkusTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPIC_PREFIX_ARG, value = BatchResourceTest.PREFIX))
class OpenApiContractTest {

    private JsonNode document;

    @BeforeEach
    void fetchTheServedDocument() throws Exception {
        document = ApiJson.mapper().readTree(given().queryParam("format", "json")
                .when().get("/q/openapi")
                .then().statusCode(200)
                .extract().asString());
    }

    @Test
    void everyOperationTheClientCallsIsServedWithTheShapesTheClientReads() {
        assertThat(new OpenApiAgreement(document, ApiJson.mapper()).check(BatchApi.OPERATIONS)).isEmpty();
    }

    @Test
    void theProducerServesNoOperationTheClientDoesNotKnow() {
        Set<String> served = new TreeSet<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> served.add(method.toUpperCase() + " " + path.getKey())));
        Set<String> known = new TreeSet<>();
        for (ApiOperation<?> operation : BatchApi.OPERATIONS) {
            known.add(operation.method() + " " + operation.path());
        }

        assertThat(served).isEqualTo(known);
    }
}
