package dev.taskfleet.helm;

import static dev.taskfleet.helm.Manifests.container;
import static dev.taskfleet.helm.Manifests.env;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Credentials come from Secrets the operator owns: referenced by name and key, never inlined. */
class SecretsTest {

    private static final Manifests PRODUCTION = Chart.release("prod")
            .values(Chart.DIR.resolve("ci/production-values.yaml")).render();

    @Test
    void theChartCreatesNoSecrets() {
        assertThat(PRODUCTION.ofKind("Secret")).isEmpty();
    }

    @Test
    void everyServiceTakesItsJaasLineFromTheSecretAndSetsSaslAndTls() {
        assertThat(PRODUCTION.ofKind("Deployment")).hasSize(5);
        for (JsonNode deployment : PRODUCTION.ofKind("Deployment")) {
            JsonNode c = container(deployment);
            JsonNode jaas = env(c, "KAFKA_SASL_JAAS_CONFIG");
            assertThat(jaas.has("value")).as("JAAS line must not be inlined").isFalse();
            assertThat(jaas.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("taskfleet-kafka-credentials");
            assertThat(jaas.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("sasl.jaas.config");
            assertThat(env(c, "KAFKA_SECURITY_PROTOCOL").path("value").asText()).isEqualTo("SASL_SSL");
            assertThat(env(c, "KAFKA_SASL_MECHANISM").path("value").asText()).isEqualTo("SCRAM-SHA-512");
            assertThat(env(c, "KAFKA_SSL_TRUSTSTORE_TYPE").path("value").asText()).isEqualTo("PEM");
            assertThat(env(c, "KAFKA_SSL_TRUSTSTORE_LOCATION").path("value").asText())
                    .isEqualTo("/etc/taskfleet/kafka-tls/ca.crt");
            JsonNode volumes = deployment.at("/spec/template/spec/volumes");
            boolean producer = deployment.at("/metadata/name").asText().endsWith("-producer");
            assertThat(volumes.findValuesAsText("secretName")).containsExactlyInAnyOrderElementsOf(producer
                    ? List.of("kafka-cluster-ca", "taskfleet-api-keys") : List.of("kafka-cluster-ca"));
        }
    }

    @Test
    void theProducerReadsApiKeyHashesFromItsSecretAndNoKeyIsInlined() {
        JsonNode producer = container(PRODUCTION.get("Deployment", "prod-taskfleet-producer"));
        assertThat(env(producer, "TASKFLEET_AUTH_API_KEYS_FILE").path("value").asText())
                .isEqualTo("/etc/taskfleet/auth/api-keys");
        assertThat(env(producer, "TASKFLEET_AUTH_API_KEY_HASHES").isMissingNode()).isTrue();
        String properties = PRODUCTION.get("ConfigMap", "prod-taskfleet-producer").at("/data/application.properties").asText();
        assertThat(properties).contains("taskfleet.team-defaults.max-batches-in-flight=50",
                "taskfleet.teams.\"nightly-batch\".max-tasks-per-batch=1000000").doesNotContain("auth");
    }

    @Test
    void providerApiKeysAreSecretKeyRefsOfTheirTier() {
        JsonNode fast = container(PRODUCTION.get("Deployment", "prod-taskfleet-worker-fast"));
        JsonNode key = env(fast, "TASKFLEET_TIERS_FAST_API_KEY");
        assertThat(key.has("value")).isFalse();
        assertThat(key.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("taskfleet-provider-fast");
        assertThat(key.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("api-key");
        JsonNode deep = container(PRODUCTION.get("Deployment", "prod-taskfleet-worker-deep-review"));
        assertThat(env(deep, "TASKFLEET_TIERS_FAST_API_KEY").isMissingNode()).isTrue();
    }

    @Test
    void noEnvValueAnywhereCarriesAJaasLineOrPassword() {
        for (JsonNode deployment : PRODUCTION.ofKind("Deployment")) {
            for (JsonNode e : container(deployment).path("env")) {
                assertThat(e.path("value").asText()).doesNotContainIgnoringCase("LoginModule")
                        .doesNotContainIgnoringCase("password");
            }
        }
    }

    @Test
    void kedaAuthenticatesWithTheSameSecrets() {
        JsonNode auth = PRODUCTION.get("TriggerAuthentication", "prod-taskfleet-kafka");
        Map<String, String> expected = Map.of(
                "username", "taskfleet-kafka-credentials/username",
                "password", "taskfleet-kafka-credentials/password",
                "ca", "kafka-cluster-ca/ca.crt");
        assertThat(auth.at("/spec/secretTargetRef")).hasSize(3);
        for (JsonNode ref : auth.at("/spec/secretTargetRef")) {
            assertThat(ref.path("name").asText() + "/" + ref.path("key").asText())
                    .isEqualTo(expected.get(ref.path("parameter").asText()));
        }
        for (JsonNode scaledObject : PRODUCTION.ofKind("ScaledObject")) {
            JsonNode trigger = scaledObject.at("/spec/triggers/0");
            assertThat(trigger.at("/authenticationRef/name").asText()).isEqualTo("prod-taskfleet-kafka");
            assertThat(trigger.at("/metadata/sasl").asText()).isEqualTo("scram_sha512");
            assertThat(trigger.at("/metadata/tls").asText()).isEqualTo("enable");
        }
    }

    @Test
    void saslWithoutASecretIsRefused() {
        String failure = Chart.release("tf").set("kafka.securityProtocol", "SASL_SSL").renderFailure();
        assertThat(failure).contains("kafka.sasl.existingSecret");
    }

    @Test
    void plaintextKafkaSetsNoSecurityEnv() {
        Manifests plain = Chart.release("tf").render();
        JsonNode c = container(plain.get("Deployment", "tf-taskfleet-worker-fast"));
        assertThat(env(c, "KAFKA_SECURITY_PROTOCOL").isMissingNode()).isTrue();
        assertThat(env(c, "KAFKA_SASL_JAAS_CONFIG").isMissingNode()).isTrue();
        assertThat(plain.ofKind("TriggerAuthentication")).isEmpty();
    }
}
