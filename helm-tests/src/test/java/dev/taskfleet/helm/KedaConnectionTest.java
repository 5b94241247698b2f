package dev.taskfleet.helm;

import static dev.taskfleet.helm.Manifests.container;
import static dev.taskfleet.helm.Manifests.env;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * KEDA's Kafka client runs in the KEDA operator's namespace: it gets broker names that resolve
 * there, and credentials or a CA only when the brokers need them, the same way for SSL and
 * SASL_SSL.
 */
class KedaConnectionTest {

    @Test
    void hostsWithoutADotAreQualifiedWithTheReleaseNamespaceAndFullNamesAreKept() {
        String servers = "kafka-a:9092,10.0.0.7:9092,broker-1.kafka.example.com:9093,kafka.other.svc:9092,"
                + "kafka-0.kafka.other.svc.cluster.local:9092";
        Manifests rendered = keda().set("kafka.bootstrapServers", servers).render();
        assertThat(trigger(rendered, "fast").at("/metadata/bootstrapServers").asText()).isEqualTo(
                "kafka-a.fleet.svc:9092,10.0.0.7:9092,broker-1.kafka.example.com:9093,kafka.other.svc:9092,"
                        + "kafka-0.kafka.other.svc.cluster.local:9092");
        assertThat(env(container(rendered.get("Deployment", "tf-taskfleet-worker-fast")), "KAFKA_BOOTSTRAP_SERVERS")
                .path("value").asText()).as("the services resolve from their own namespace").isEqualTo(servers);
    }

    /** With lanes a tier's tasks are on several topics: the trigger names none, so KEDA sums the group's lag over all. */
    @Test
    void withLanesTheTriggerSumsTheLagOfEveryTopicOfTheTiersGroupAndTheRouterIsToldToUseThem() {
        Manifests lanes = keda().set("router.lanes.enabled", true).set("router.lanes.maxPerTier", 8).render();
        assertThat(trigger(lanes, "fast").at("/metadata").has("topic")).isFalse();
        assertThat(trigger(lanes, "fast").at("/metadata/consumerGroup").asText()).isEqualTo("taskfleet-worker-fast");
        JsonNode router = container(lanes.get("Deployment", "tf-taskfleet-router"));
        assertThat(env(router, "TASKFLEET_ROUTER_LANES_ENABLED").path("value").asText()).isEqualTo("true");
        assertThat(env(router, "TASKFLEET_ROUTER_LANES_MAX_PER_TIER").path("value").asText()).isEqualTo("8");

        assertThat(trigger(keda().render(), "fast").at("/metadata/topic").asText())
                .as("lanes off: the tier topic alone, as before").isEqualTo("taskfleet.tasks.fast");
    }

    @Test
    void aHostWithOneDotIsAmbiguousForKedaAndTheRenderSaysHowToFixIt() {
        String failure = keda().set("kafka.bootstrapServers", "kafka-0.kafka:9093").renderFailure();
        assertThat(failure).contains("\"kafka-0.kafka:9093\"", "KEDA operator's namespace", "fully qualified",
                "autoscaling.keda.bootstrapServers");
        assertThat(Chart.release("tf").set("kafka.bootstrapServers", "kafka-0.kafka:9093").render()
                .ofKind("ScaledObject")).as("without KEDA nothing is resolved elsewhere").isEmpty();
    }

    @Test
    void explicitKedaBootstrapServersWin() {
        Manifests rendered = keda().set("kafka.bootstrapServers", "kafka-0.kafka:9093")
                .set("autoscaling.keda.bootstrapServers", "kafka-0.kafka.streaming.svc:9093").render();
        assertThat(trigger(rendered, "quality").at("/metadata/bootstrapServers").asText())
                .isEqualTo("kafka-0.kafka.streaming.svc:9093");
        assertThat(keda().set("autoscaling.keda.bootstrapServers", "kafka").renderFailure())
                .contains("schema").contains("bootstrapServers");
    }

    @Test
    void sslWithoutACaRendersAndKedaTrustsTheSystemRootsLikeTheServicesTrustTheJvms() {
        Manifests rendered = keda().set("kafka.securityProtocol", "SSL").render();
        JsonNode trigger = trigger(rendered, "fast");
        assertThat(trigger.at("/metadata/tls").asText()).isEqualTo("enable");
        assertThat(trigger.has("authenticationRef")).isFalse();
        assertThat(rendered.ofKind("TriggerAuthentication")).isEmpty();
        assertThat(env(container(rendered.get("Deployment", "tf-taskfleet-worker-fast")), "KAFKA_SSL_TRUSTSTORE_LOCATION")
                .isMissingNode()).isTrue();
    }

    @Test
    void sslWithACaGivesKedaOnlyTheCa() {
        Manifests rendered = keda().set("kafka.securityProtocol", "SSL").set("kafka.tls.caSecret", "kafka-ca").render();
        JsonNode refs = rendered.get("TriggerAuthentication", "tf-taskfleet-kafka").at("/spec/secretTargetRef");
        assertThat(refs).hasSize(1);
        assertThat(refs.get(0).path("parameter").asText()).isEqualTo("ca");
        assertThat(refs.get(0).path("name").asText()).isEqualTo("kafka-ca");
        assertThat(trigger(rendered, "fast").at("/authenticationRef/name").asText()).isEqualTo("tf-taskfleet-kafka");
    }

    @Test
    void saslSslWithoutACaGivesKedaOnlyItsCredentials() {
        Manifests rendered = keda().set("kafka.securityProtocol", "SASL_SSL")
                .set("kafka.sasl.existingSecret", "kafka-credentials").render();
        JsonNode refs = rendered.get("TriggerAuthentication", "tf-taskfleet-kafka").at("/spec/secretTargetRef");
        assertThat(refs.findValuesAsText("parameter")).containsExactly("username", "password");
        JsonNode trigger = trigger(rendered, "fast");
        assertThat(trigger.at("/metadata/tls").asText()).isEqualTo("enable");
        assertThat(trigger.at("/metadata/sasl").asText()).isEqualTo("scram_sha512");
        assertThat(trigger.at("/authenticationRef/name").asText()).isEqualTo("tf-taskfleet-kafka");
    }

    private static Chart keda() {
        return Chart.release("tf").set("autoscaling.keda.enabled", true);
    }

    private static JsonNode trigger(Manifests manifests, String tier) {
        return manifests.get("ScaledObject", "tf-taskfleet-worker-" + tier).at("/spec/triggers/0");
    }
}
