package dev.taskfleet.producer.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.api.ApiJson;
import dev.taskfleet.api.BatchApi;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker behind {@link OpenApiContractTest} finds each kind of drift, in a document written by hand. */
class OpenApiAgreementTest {

    /** The retry operation as the producer serves it: an optional RetryRequest, a 202 RetryReceipt. */
    private static final String RETRY = """
            {"paths": {"/api/v1/batches/{id}/retry": {"post": {
              "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/RetryRequest"}}}},
              "responses": {"202": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/RetryReceipt"}}}}}
            }}},
            "components": {"schemas": {
              "RetryRequest": {"type": "object", "properties": {"tier": {"type": "string"}}},
              "RetryReceipt": {"type": "object", "required": ["batchId", "run", "resubmitted"], "properties": {
                "batchId": {"type": "string"}, "run": {"type": "integer"}, "resubmitted": {"type": ["integer", "null"]}}}
            }}}
            """;

    private static List<String> check(String document) throws Exception {
        return new OpenApiAgreement(ApiJson.mapper().readTree(document), ApiJson.mapper()).check(List.of(BatchApi.RETRY));
    }

    @Test
    void theServedShapeAgrees() throws Exception {
        assertThat(check(RETRY)).isEmpty();
    }

    @Test
    void aRenamedPropertyDisagrees() throws Exception {
        assertThat(check(RETRY.replace("\"run\"", "\"runNumber\""))).containsExactly(
                "POST /api/v1/batches/{id}/retry 202: properties differ: served only [runNumber], "
                        + "only in the client's RetryReceipt [run]");
    }

    @Test
    void anotherJsonTypeDisagrees() throws Exception {
        assertThat(check(RETRY.replace("\"run\": {\"type\": \"integer\"}", "\"run\": {\"type\": \"string\"}")))
                .containsExactly("POST /api/v1/batches/{id}/retry 202.run: served as string, the client's int is integer");
    }

    @Test
    void anOptionalPropertyTheClientAlwaysGetsDisagrees() throws Exception {
        assertThat(check(RETRY.replace("\"required\": [\"batchId\", \"run\", \"resubmitted\"]", "\"required\": [\"batchId\"]")))
                .containsExactly("POST /api/v1/batches/{id}/retry 202: required properties differ: served as "
                        + "required only [], always written only by the client's RetryReceipt [resubmitted, run]");
    }

    @Test
    void anotherStatusOrAMissingOperationDisagrees() throws Exception {
        assertThat(check(RETRY.replace("\"202\"", "\"200\""))).singleElement().asString().contains("no 202 answer");
        assertThat(check(RETRY.replace("/retry", "/again"))).containsExactly(
                "POST /api/v1/batches/{id}/retry: not in the served document");
    }

    @Test
    void anotherRequestShapeDisagrees() throws Exception {
        assertThat(check(RETRY.replace("\"tier\": {\"type\": \"string\"}", "\"tiers\": {\"type\": \"array\"}")))
                .containsExactly("POST /api/v1/batches/{id}/retry request: properties differ: served only [tiers], "
                        + "only in the client's RetryRequest [tier]");
    }
}
