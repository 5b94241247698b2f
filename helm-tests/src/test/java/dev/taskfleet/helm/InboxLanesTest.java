package dev.taskfleet.helm;

import static dev.taskfleet.helm.Manifests.container;
import static dev.taskfleet.helm.Manifests.env;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Inbox lanes: router.lanes.enabled is the one switch, turning on the producer's inbox lanes
 * (<prefix>.inbox.<team>) with the router's tier lanes; the producer may create, write and read
 * the inbox lanes, the router read them, whether lanes are on or not.
 */
class InboxLanesTest {

    @Test
    void theProducerWritesInboxLanesOnlyWithTheRoutersLanesSwitch() {
        JsonNode off = container(Chart.release("tf").render().get("Deployment", "tf-taskfleet-producer"));
        assertThat(env(off, "TASKFLEET_PRODUCER_LANES_ENABLED").path("value").asText()).isEqualTo("false");
        assertThat(env(off, "TASKFLEET_PRODUCER_LANES_MAX").path("value").asText()).isEqualTo("64");

        Manifests lanes = Chart.release("tf").set("router.lanes.enabled", true).set("producer.lanes.max", 8).render();
        JsonNode producer = container(lanes.get("Deployment", "tf-taskfleet-producer"));
        assertThat(env(producer, "TASKFLEET_PRODUCER_LANES_ENABLED").path("value").asText()).isEqualTo("true");
        assertThat(env(producer, "TASKFLEET_PRODUCER_LANES_MAX").path("value").asText()).isEqualTo("8");
        JsonNode router = container(lanes.get("Deployment", "tf-taskfleet-router"));
        assertThat(env(router, "TASKFLEET_ROUTER_LANES_ENABLED").path("value").asText()).isEqualTo("true");
    }

    @Test
    void theSchemaRefusesANegativeOrNonIntegerLaneLimit() {
        assertThat(Chart.release("tf").set("producer.lanes.max", -1).renderFailure()).contains("schema", "max");
        assertThat(Chart.release("tf").set("producer.lanes.max", "many").renderFailure()).contains("schema", "max");
        assertThat(Chart.release("tf").set("producer.lanes.maxx", 1).renderFailure()).contains("schema", "maxx");
    }

    @Test
    void theProducerMayCreateWriteAndReadTheInboxLanesAndTheRouterRead() {
        for (boolean enabled : new boolean[] {false, true}) {
            for (boolean topicOperator : new boolean[] {false, true}) {
                Manifests strimzi = Chart.release("tf").values(Chart.DIR.resolve("ci/strimzi-values.yaml"))
                        .set("kafka.topicPrefix", "fleet.eu").set("router.lanes.enabled", enabled)
                        .set("strimzi.topics.enabled", topicOperator).render();
                assertThat(StrimziTest.userAcls(strimzi)).as("lanes %s, Topic Operator %s", enabled, topicOperator)
                        .filteredOn(acl -> acl.contains(".inbox"))
                        .containsExactlyInAnyOrder(
                                "tf-taskfleet-producer topic fleet.eu.inbox. prefix [Create, Read, Write]",
                                "tf-taskfleet-router topic fleet.eu.inbox. prefix [Read]");
            }
        }
    }
}
