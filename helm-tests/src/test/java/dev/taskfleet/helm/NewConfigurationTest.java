package dev.taskfleet.helm;

import static dev.taskfleet.helm.Manifests.container;
import static dev.taskfleet.helm.Manifests.env;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings the services gained with API keys, team limits, routing policies, escalation and
 * cancellation reach them the way they read configuration, and the schema refuses bad values.
 */
class NewConfigurationTest {

    private static final String POLICY = """
            tiers: [fast, quality]
            rules:
              - id: security-review
                match: {type: "security-*"}
                tier: quality
            """;

    private static final Manifests DEFAULTS = Chart.release("tf").render();
    private static final Manifests WITH_POLICY = Chart.release("tf").set("router.policy", POLICY).render();

    @Test
    void apiKeyHashesComeFromTheNamedSecretAsAMountedFileNeverInlined() {
        Manifests keyed = Chart.release("tf").set("producer.auth.existingSecret", "taskfleet-api-keys").render();
        JsonNode deployment = keyed.get("Deployment", "tf-taskfleet-producer");
        JsonNode producer = container(deployment);
        assertThat(env(producer, "TASKFLEET_AUTH_ENABLED").path("value").asText()).isEqualTo("true");
        assertThat(env(producer, "TASKFLEET_AUTH_API_KEYS_FILE").path("value").asText())
                .isEqualTo("/etc/taskfleet/auth/api-keys");
        assertThat(env(producer, "TASKFLEET_AUTH_API_KEY_HASHES").isMissingNode()).isTrue();
        JsonNode volume = volume(deployment, "api-keys");
        assertThat(volume.at("/secret/secretName").asText()).isEqualTo("taskfleet-api-keys");
        assertThat(volume.at("/secret/items/0/key").asText()).isEqualTo("api-keys");
        assertThat(mount(producer, "api-keys").path("mountPath").asText()).isEqualTo("/etc/taskfleet/auth");
        assertThat(mount(producer, "api-keys").path("readOnly").asBoolean()).isTrue();
        assertThat(keyed.ofKind("Secret")).as("the chart never creates the key Secret").isEmpty();
    }

    @Test
    void aSecretWithAnotherKeyNameIsMountedUnderThatName() {
        JsonNode deployment = Chart.release("tf").set("producer.auth.existingSecret", "keys")
                .set("producer.auth.key", "hashes.txt").render().get("Deployment", "tf-taskfleet-producer");
        assertThat(env(container(deployment), "TASKFLEET_AUTH_API_KEYS_FILE").path("value").asText())
                .isEqualTo("/etc/taskfleet/auth/hashes.txt");
        assertThat(volume(deployment, "api-keys").at("/secret/items/0/path").asText()).isEqualTo("hashes.txt");
    }

    @Test
    void theProducersRoutePreviewAsksTheRoutersService() {
        JsonNode producer = container(DEFAULTS.get("Deployment", "tf-taskfleet-producer"));
        JsonNode service = DEFAULTS.get("Service", "tf-taskfleet-router");
        assertThat(env(producer, "TASKFLEET_PRODUCER_ROUTER_URL").path("value").asText())
                .isEqualTo("http://tf-taskfleet-router:" + service.at("/spec/ports/0/port").asInt());
    }

    @Test
    void authOffIsPassedOnAndMountsNoKeys() {
        JsonNode deployment = Chart.release("tf").set("producer.auth.enabled", false)
                .set("producer.auth.existingSecret", "taskfleet-api-keys").render()
                .get("Deployment", "tf-taskfleet-producer");
        assertThat(env(container(deployment), "TASKFLEET_AUTH_ENABLED").path("value").asText()).isEqualTo("false");
        assertThat(env(container(deployment), "TASKFLEET_AUTH_API_KEYS_FILE").isMissingNode()).isTrue();
        assertThat(deployment.at("/spec/template/spec/volumes").findValuesAsText("name")).doesNotContain("api-keys");
    }

    @Test
    void withAuthOnAndNoKeysTheNotesWarnThatTheProducerWillNotStart() {
        assertThat(Chart.release("tf").notes()).contains("WARNING", "the producer refuses to start");
        assertThat(Chart.release("tf").set("producer.auth.existingSecret", "k").notes())
                .doesNotContain("WARNING").contains("Authorization: Bearer");
        assertThat(Chart.release("tf").set("producer.auth.enabled", false).notes())
                .doesNotContain("WARNING").contains("every caller is team \"default\"");
    }

    @Test
    void teamLimitsBecomeProducerPropertiesOnlyWhenSet(@TempDir Path work) throws IOException {
        assertThat(producerProperties(DEFAULTS)).doesNotContain("team-defaults", "taskfleet.teams");
        // --set would pass 12.5 as a string; a values file keeps it a number.
        Path budgets = Files.writeString(work.resolve("budgets.yaml"), """
                producer:
                  teamDefaults: {dailyBudgetUsd: 12.5, priorities: [standard, bulk]}
                  teams: {batch-jobs: {monthlyBudgetUsd: 2000000, priorities: [interactive, bulk], bulkAboveTasks: 1000}}
                """);
        Manifests limited = Chart.release("tf").values(budgets)
                .set("producer.teamDefaults.maxTasksPerBatch", 1000000)
                .set("producer.teamDefaults.maxBatchesInFlight", 5)
                .set("producer.teams.batch-jobs.maxPromptChars", 20000)
                .render();
        assertThat(producerProperties(limited)).contains(
                "taskfleet.team-defaults.max-tasks-per-batch=1000000",
                "taskfleet.team-defaults.max-batches-in-flight=5",
                "taskfleet.teams.\"batch-jobs\".max-prompt-chars=20000",
                "taskfleet.team-defaults.daily-budget-usd=12.500000",
                "taskfleet.teams.\"batch-jobs\".monthly-budget-usd=2000000.000000",
                "taskfleet.team-defaults.priorities=standard,bulk",
                "taskfleet.teams.\"batch-jobs\".priorities=interactive,bulk",
                "taskfleet.teams.\"batch-jobs\".bulk-above-tasks=1000",
                "quarkus.shutdown.timeout=30s");
        assertThat(producerProperties(limited)).doesNotContain("max-prompt-chars=100000", "e+");
        assertThat(checksum(limited, "tf-taskfleet-producer")).isNotEqualTo(checksum(DEFAULTS, "tf-taskfleet-producer"));
    }

    @Test
    void aRouterPolicyIsAConfigMapMountedAsTheFileTheRouterIsPointedAt() {
        JsonNode configMap = WITH_POLICY.get("ConfigMap", "tf-taskfleet-router-policy");
        assertThat(configMap.at("/data/policy.yaml").asText()).isEqualTo(POLICY.stripTrailing());
        JsonNode deployment = WITH_POLICY.get("Deployment", "tf-taskfleet-router");
        JsonNode router = container(deployment);
        assertThat(env(router, "TASKFLEET_ROUTER_POLICY_FILE").path("value").asText())
                .isEqualTo("/etc/taskfleet/router/policy.yaml");
        assertThat(mount(router, "policy").path("mountPath").asText()).isEqualTo("/etc/taskfleet/router");
        assertThat(volume(deployment, "policy").at("/configMap/name").asText()).isEqualTo("tf-taskfleet-router-policy");
        assertThat(deployment.at("/spec/template/metadata/annotations").has("checksum/policy"))
                .as("a policy change restarts the router").isTrue();
    }

    @Test
    void withoutAPolicyTheRouterUsesItsBuiltInDefault() {
        assertThat(DEFAULTS.names("ConfigMap")).doesNotContain("tf-taskfleet-router-policy");
        JsonNode router = container(DEFAULTS.get("Deployment", "tf-taskfleet-router"));
        assertThat(env(router, "TASKFLEET_ROUTER_POLICY_FILE").isMissingNode()).isTrue();
        assertThat(router.at("/volumeMounts").findValuesAsText("name")).doesNotContain("policy");
    }

    @Test
    void tierEscalationSettingsReachTheTiersPropertiesOnlyWhenSet() {
        assertThat(workerProperties(DEFAULTS, "fast")).doesNotContain("max-retry-after", "max-output-rejections");
        Manifests tuned = Chart.release("tf").tier(0, "maxRetryAfter", "15s").tier(0, "maxOutputRejections", 2).render();
        assertThat(workerProperties(tuned, "fast")).contains(
                "taskfleet.tiers.fast.max-retry-after=15s", "taskfleet.tiers.fast.max-output-rejections=2");
        assertThat(workerProperties(tuned, "quality")).doesNotContain("max-retry-after");
    }

    @Test
    void cancellationLookbackIsAWorkerEnvVarOnlyWhenSet() {
        JsonNode fast = container(DEFAULTS.get("Deployment", "tf-taskfleet-worker-fast"));
        assertThat(env(fast, "TASKFLEET_WORKER_CANCELLATION_LOOKBACK").isMissingNode()).isTrue();
        Manifests set = Chart.release("tf").set("worker.cancellationLookback", "36h").render();
        for (String tier : List.of("fast", "quality")) {
            assertThat(env(container(set.get("Deployment", "tf-taskfleet-worker-" + tier)),
                    "TASKFLEET_WORKER_CANCELLATION_LOOKBACK").path("value").asText()).isEqualTo("36h");
        }
    }

    @Test
    void notesListTheEscalationsBatchesAndTrackerCheckpointsTopics() {
        assertThat(Chart.release("tf").notes())
                .contains("taskfleet.escalations", "taskfleet.batches", "taskfleet.tracker-checkpoints",
                        "transaction.state.log");
    }

    @Test
    void schemaRefusesBadValuesOfTheNewSettings() {
        Map<String, Object> bad = Map.of(
                "producer.auth.enabled", "yes",
                "producer.auth.existingSecret", "Not_A_Secret",
                "producer.teamDefaults.maxTasksPerBatch", 0,
                "producer.teamDefaults.maxTasksPerBtach", 10,
                "producer.teams.batch-jobs.maxBatchesInFlight", -1,
                "worker.cancellationLookback", "a week",
                "prometheusRule.escalationRefusals.threshold", 1.5);
        bad.forEach((key, value) -> assertThat(Chart.release("tf").set(key, value).renderFailure())
                .as("%s=%s", key, value).contains("schema").contains(key.substring(key.lastIndexOf('.') + 1)));
        assertThat(Chart.release("tf").tier(0, "maxRetryAfter", "a minute").renderFailure())
                .contains("schema").contains("maxRetryAfter");
        assertThat(Chart.release("tf").tier(1, "maxOutputRejections", 0).renderFailure())
                .contains("schema").contains("maxOutputRejections");
    }

    private static String producerProperties(Manifests manifests) {
        return manifests.get("ConfigMap", "tf-taskfleet-producer").at("/data/application.properties").asText();
    }

    private static String workerProperties(Manifests manifests, String tier) {
        return manifests.get("ConfigMap", "tf-taskfleet-worker-" + tier).at("/data/application.properties").asText();
    }

    private static String checksum(Manifests manifests, String deployment) {
        return manifests.get("Deployment", deployment).at("/spec/template/metadata/annotations/checksum~1config").asText();
    }

    private static JsonNode volume(JsonNode deployment, String name) {
        for (JsonNode v : deployment.at("/spec/template/spec/volumes")) {
            if (name.equals(v.path("name").asText())) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name + " in " + deployment.at("/spec/template/spec/volumes"));
    }

    private static JsonNode mount(JsonNode container, String name) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (name.equals(m.path("name").asText())) {
                return m;
            }
        }
        throw new AssertionError("no volume mount " + name + " in " + container.path("volumeMounts"));
    }
}
