package dev.taskfleet.helm;

import static dev.taskfleet.helm.Manifests.container;
import static dev.taskfleet.helm.Manifests.env;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One worker Deployment per tier, wired the way the worker reads its configuration. */
class WorkerTiersTest {

    private static final Manifests DEFAULTS = Chart.release("tf").render();
    private static final Manifests KEDA = Chart.release("tf").set("autoscaling.keda.enabled", true).render();
    private static final Manifests PRODUCTION = Chart.release("prod")
            .values(Chart.DIR.resolve("ci/production-values.yaml")).render();

    @Test
    void everyTierGetsAWorkerDeploymentThatServesIt() {
        assertThat(DEFAULTS.names("Deployment"))
                .containsExactlyInAnyOrder("tf-taskfleet-producer", "tf-taskfleet-router",
                        "tf-taskfleet-worker-fast", "tf-taskfleet-worker-quality");
        for (String tier : List.of("fast", "quality")) {
            JsonNode worker = container(DEFAULTS.get("Deployment", "tf-taskfleet-worker-" + tier));
            assertThat(env(worker, "TASKFLEET_WORKER_TIER").path("value").asText()).isEqualTo(tier);
            assertThat(env(worker, "TASKFLEET_WORKER_MAX_IN_FLIGHT").path("value").asText()).isEqualTo("64");
            assertThat(env(worker, "TASKFLEET_WORKER_DRAIN_TIMEOUT").path("value").asText()).isEqualTo("30s");
            assertThat(env(worker, "TASKFLEET_WORKER_ID").at("/valueFrom/fieldRef/fieldPath").asText())
                    .isEqualTo("metadata.name");
            assertThat(env(worker, "TASKFLEET_TIER_ORDER").path("value").asText()).isEqualTo("fast,quality");
            assertThat(worker.at("/ports/0/containerPort").asInt()).isEqualTo(8082);
        }
    }

    @Test
    void tierOrderFollowsTheTiersList() {
        JsonNode router = container(PRODUCTION.get("Deployment", "prod-taskfleet-router"));
        assertThat(env(router, "TASKFLEET_TIER_ORDER").path("value").asText()).isEqualTo("fast,quality,deep-review");
        assertThat(env(router, "TASKFLEET_TOPIC_PREFIX").path("value").asText()).isEqualTo("prod");
        assertThat(env(router, "TASKFLEET_TOPICS_PARTITIONS").path("value").asText()).isEqualTo("12");
        assertThat(env(router, "TASKFLEET_TOPICS_REPLICATION_FACTOR").path("value").asText()).isEqualTo("3");
    }

    @Test
    void providerSettingsReachTheTiersPropertiesFile() {
        String properties = PRODUCTION.get("ConfigMap", "prod-taskfleet-worker-deep-review")
                .at("/data/application.properties").asText();
        assertThat(properties).contains("taskfleet.tiers.deep-review.model=sim-deep-review",
                "taskfleet.tiers.deep-review.simulated.latency-median=20s", "quarkus.shutdown.timeout=5s");
        JsonNode pod = PRODUCTION.get("Deployment", "prod-taskfleet-worker-deep-review").at("/spec/template/spec");
        assertThat(pod.at("/containers/0/volumeMounts").findValuesAsText("mountPath")).contains("/deployments/config");
        assertThat(pod.at("/volumes").findValuesAsText("name")).contains("prod-taskfleet-worker-deep-review");
    }

    @Test
    void teamWeightsReachEveryTiersPropertiesFile() {
        Manifests weighted = Chart.release("tf").set("worker.shareWeights.search", 3)
                .set("worker.shareWeights.batch-jobs", 1).render();
        for (String tier : List.of("fast", "quality")) {
            String properties = weighted.get("ConfigMap", "tf-taskfleet-worker-" + tier)
                    .at("/data/application.properties").asText();
            assertThat(properties).contains("taskfleet.worker.share-weights.\"search\"=3",
                    "taskfleet.worker.share-weights.\"batch-jobs\"=1");
        }
        assertThat(DEFAULTS.get("ConfigMap", "tf-taskfleet-worker-fast").at("/data/application.properties").asText())
                .doesNotContain("share-weights");
    }

    @Test
    void withKedaEveryTierHasAScaledObjectOnItsWorkersConsumerGroupAndNoReplicas() {
        assertThat(KEDA.ofKind("HorizontalPodAutoscaler")).isEmpty();
        List<JsonNode> scaledObjects = KEDA.ofKind("ScaledObject");
        assertThat(scaledObjects).hasSize(2);
        for (JsonNode scaledObject : scaledObjects) {
            JsonNode deployment = KEDA.get("Deployment", scaledObject.at("/spec/scaleTargetRef/name").asText());
            assertThat(deployment.path("spec").has("replicas")).as("KEDA owns replicas").isFalse();
            String tier = env(container(deployment), "TASKFLEET_WORKER_TIER").path("value").asText();
            JsonNode trigger = scaledObject.at("/spec/triggers/0");
            assertThat(trigger.path("type").asText()).isEqualTo("kafka");
            JsonNode metadata = trigger.path("metadata");
            assertThat(metadata.path("consumerGroup").asText()).isEqualTo("taskfleet-worker-" + tier);
            assertThat(metadata.path("topic").asText()).isEqualTo("taskfleet.tasks." + tier);
            assertThat(metadata.path("bootstrapServers").asText()).as("as KEDA resolves it from its own namespace")
                    .isEqualTo("kafka.fleet.svc:9092");
            assertThat(metadata.path("offsetResetPolicy").asText()).isEqualTo("earliest");
            assertThat(metadata.path("lagThreshold").asText()).as("defaults to maxInFlight").isEqualTo("64");
            assertThat(metadata.path("activationLagThreshold").asText()).isEqualTo("0");
            assertThat(trigger.has("authenticationRef")).as("plaintext Kafka needs no auth").isFalse();
            assertThat(scaledObject.at("/spec/minReplicaCount").asInt()).isEqualTo(1);
            assertThat(scaledObject.at("/spec/maxReplicaCount").asInt()).isEqualTo(6);
        }
    }

    @Test
    void aTiersOwnLagThresholdWinsAndScaleToZeroIsAllowedUnderKeda() {
        JsonNode quality = PRODUCTION.get("ScaledObject", "prod-taskfleet-worker-quality");
        assertThat(quality.at("/spec/triggers/0/metadata/lagThreshold").asText()).isEqualTo("16");
        JsonNode fast = PRODUCTION.get("ScaledObject", "prod-taskfleet-worker-fast");
        assertThat(fast.at("/spec/triggers/0/metadata/lagThreshold").asText()).isEqualTo("128");
        JsonNode deep = PRODUCTION.get("ScaledObject", "prod-taskfleet-worker-deep-review");
        assertThat(deep.at("/spec/minReplicaCount").asInt()).isZero();
        assertThat(deep.at("/spec/triggers/0/metadata/activationLagThreshold").asText()).isEqualTo("1");
    }

    @Test
    void withoutKedaEveryTierHasACpuAutoscalerAndTheDeploymentLeavesReplicasToIt() {
        assertThat(DEFAULTS.ofKind("ScaledObject")).isEmpty();
        assertThat(DEFAULTS.names("HorizontalPodAutoscaler"))
                .containsExactlyInAnyOrder("tf-taskfleet-worker-fast", "tf-taskfleet-worker-quality");
        JsonNode hpa = DEFAULTS.get("HorizontalPodAutoscaler", "tf-taskfleet-worker-fast");
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo("tf-taskfleet-worker-fast");
        assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(6);
        assertThat(hpa.at("/spec/metrics/0/resource/name").asText()).isEqualTo("cpu");
        assertThat(DEFAULTS.get("Deployment", "tf-taskfleet-worker-fast").path("spec").has("replicas")).isFalse();
    }

    @Test
    void withNoAutoscalerEachTierRunsItsMinReplicas() {
        Manifests fixed = Chart.release("tf").set("autoscaling.hpa.enabled", false).tier(0, "minReplicas", 3)
                .render();
        assertThat(fixed.ofKind("HorizontalPodAutoscaler")).isEmpty();
        assertThat(fixed.get("Deployment", "tf-taskfleet-worker-fast").at("/spec/replicas").asInt()).isEqualTo(3);
    }

    @Test
    void noPodCountReachesTheWorkersTheyCountEachOtherForTheRateLimitSplit() {
        for (Manifests manifests : List.of(DEFAULTS,
                Chart.release("tf").set("autoscaling.keda.enabled", true).tier(0, "maxReplicas", 4).render(),
                Chart.release("tf").set("autoscaling.hpa.enabled", false).tier(0, "minReplicas", 3).render())) {
            assertThat(env(container(manifests.get("Deployment", "tf-taskfleet-worker-fast")), "TASKFLEET_WORKER_REPLICAS")
                    .isMissingNode()).as("no quota / maxReplicas").isTrue();
        }
    }

    @Test
    void gracePeriodCoversShutdownTimeoutPlusDrainPlusMargin() {
        assertThat(DEFAULTS.get("Deployment", "tf-taskfleet-worker-fast")
                .at("/spec/template/spec/terminationGracePeriodSeconds").asInt()).isEqualTo(5 + 30 + 10);
        assertThat(PRODUCTION.get("Deployment", "prod-taskfleet-worker-deep-review")
                .at("/spec/template/spec/terminationGracePeriodSeconds").asInt()).isEqualTo(5 + 300 + 10);
        Manifests explicit = Chart.release("tf").tier(0, "terminationGracePeriodSeconds", 90).render();
        assertThat(explicit.get("Deployment", "tf-taskfleet-worker-fast")
                .at("/spec/template/spec/terminationGracePeriodSeconds").asInt()).isEqualTo(90);
    }

    @Test
    void everyDeploymentProbesHealthRunsAsNonRootWithAReadOnlyRootAndNoCapabilities() {
        for (JsonNode deployment : PRODUCTION.ofKind("Deployment")) {
            JsonNode pod = deployment.at("/spec/template/spec");
            JsonNode c = container(deployment);
            assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
            assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
            assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
            assertThat(c.at("/securityContext/capabilities/drop/0").asText()).isEqualTo("ALL");
            assertThat(c.at("/volumeMounts").findValuesAsText("mountPath")).contains("/tmp");
            assertThat(c.path("image").asText()).startsWith("registry.example.com/ai-platform/taskfleet/").endsWith(":0.1.0");
        }
    }

    @Test
    void everyDeploymentHasADisruptionBudgetSelectingExactlyItsPods() {
        assertThat(DEFAULTS.ofKind("PodDisruptionBudget")).hasSize(4);
        for (JsonNode deployment : DEFAULTS.ofKind("Deployment")) {
            JsonNode pdb = DEFAULTS.get("PodDisruptionBudget", deployment.at("/metadata/name").asText());
            assertThat(pdb.at("/spec/selector/matchLabels")).isEqualTo(deployment.at("/spec/selector/matchLabels"));
        }
        assertThat(Chart.release("tf").set("podDisruptionBudget.enabled", false).render()
                .ofKind("PodDisruptionBudget")).isEmpty();
    }

    @Test
    void producerHasAServiceOnItsHttpPort() {
        JsonNode service = DEFAULTS.get("Service", "tf-taskfleet-producer");
        assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(8080);
        assertThat(service.at("/spec/selector/app.kubernetes.io~1component").asText()).isEqualTo("producer");
        assertThat(container(DEFAULTS.get("Deployment", "tf-taskfleet-producer")).at("/ports/0/containerPort").asInt())
                .isEqualTo(8080);
        assertThat(container(DEFAULTS.get("Deployment", "tf-taskfleet-router")).at("/ports/0/containerPort").asInt())
                .isEqualTo(8081);
    }

    @Test
    void everyObjectCarriesTheStandardLabels() {
        for (JsonNode object : PRODUCTION.objects()) {
            JsonNode labels = object.at("/metadata/labels");
            assertThat(labels.path("app.kubernetes.io/name").asText()).as("%s", object.at("/metadata/name")).isEqualTo("taskfleet");
            assertThat(labels.path("app.kubernetes.io/instance").asText()).isEqualTo("prod");
            assertThat(labels.path("app.kubernetes.io/version").asText()).isEqualTo("0.1.0");
            assertThat(labels.path("app.kubernetes.io/managed-by").asText()).isEqualTo("Helm");
            assertThat(labels.path("app.kubernetes.io/part-of").asText()).isEqualTo("taskfleet");
            assertThat(labels.path("app.kubernetes.io/component").asText()).isNotBlank();
            assertThat(labels.path("helm.sh/chart").asText()).isEqualTo("taskfleet-0.1.0");
        }
    }
}
