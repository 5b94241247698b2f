package dev.taskfleet.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Object names stay within Kubernetes' and KEDA's limits for the longest names the values schema
 * and Helm allow: a 53-character release (Helm's limit), 32-character tiers (the schema's), every
 * optional object on. Chart.render() checks each name (KubernetesNames); these tests add the
 * cases that made a name too long before.
 */
class ObjectNamesTest {

    private static final String TIER_32 = "deep-security-architecture-audit";
    private static final String RELEASE_53 = "a-very-long-release-name-for-the-platform-team-fleet1";

    @Test
    void theLongestReleaseAndTierNamesGiveValidNamesEverywhere() {
        assertThat(TIER_32).hasSize(32);
        assertThat(RELEASE_53).hasSize(53);
        Manifests longest = Chart.release(RELEASE_53).values(Chart.DIR.resolve("ci/strimzi-values.yaml"))
                .tier(1, "name", TIER_32).set("serviceMonitor.enabled", true).set("prometheusRule.enabled", true)
                .render();
        for (JsonNode scaledObject : longest.ofKind("ScaledObject")) {
            String name = scaledObject.at("/metadata/name").asText();
            assertThat(KubernetesNames.KEDA_HPA_PREFIX + name).hasSizeLessThanOrEqualTo(KubernetesNames.LABEL_MAX);
            assertThat(longest.get("Deployment", scaledObject.at("/spec/scaleTargetRef/name").asText())).isNotNull();
        }
        assertThat(longest.names("Service")).allMatch(n -> n.length() <= KubernetesNames.LABEL_MAX);
    }

    @Test
    void releaseStagingWithA32CharacterTierGetsOneShortenedNameForAllTheTiersObjects() {
        Manifests staging = Chart.release("staging").set("autoscaling.keda.enabled", true).tier(1, "name", TIER_32)
                .render();
        String unshortened = "staging-taskfleet-worker-" + TIER_32;
        assertThat(KubernetesNames.KEDA_HPA_PREFIX + unshortened).as("the issue's example").hasSize(66);
        String name = staging.ofKind("ScaledObject").stream().map(o -> o.at("/metadata/name").asText())
                .filter(n -> n.startsWith("staging-taskfleet-worker-deep")).findFirst().orElseThrow();
        assertThat(name).hasSize(54).startsWith(unshortened.substring(0, 45)).matches(".*-[0-9a-f]{8}");
        for (String kind : List.of("Deployment", "Service", "ConfigMap", "PodDisruptionBudget")) {
            assertThat(staging.names(kind)).as(kind).contains(name);
        }
        JsonNode worker = Manifests.container(staging.get("Deployment", name));
        assertThat(Manifests.env(worker, "TASKFLEET_WORKER_TIER").path("value").asText()).isEqualTo(TIER_32);
        assertThat(staging.get("ScaledObject", name).at("/spec/triggers/0/metadata/consumerGroup").asText())
                .as("the group keeps the full tier name").isEqualTo("taskfleet-worker-" + TIER_32);
        assertThat(staging.names("ScaledObject")).contains("staging-taskfleet-worker-fast");
    }

    @Test
    void twoLongTiersThatShareTheirBeginningStillGetDifferentObjects() {
        Manifests twins = Chart.release("staging").tier(0, "name", TIER_32)
                .tier(1, "name", TIER_32.substring(0, 31) + "s").render();
        Set<String> deployments = twins.ofKind("Deployment").stream().map(d -> d.at("/metadata/name").asText())
                .filter(n -> n.contains("-worker-")).collect(Collectors.toSet());
        assertThat(deployments).hasSize(2).allMatch(n -> n.length() <= 54);
    }

    @Test
    void theNameCheckCatchesAScaledObjectKedaWouldRefuse() {
        ObjectNode scaledObject = new YAMLMapper().createObjectNode().put("apiVersion", "keda.sh/v1alpha1")
                .put("kind", "ScaledObject");
        scaledObject.putObject("metadata").put("name", "staging-taskfleet-worker-" + TIER_32);
        assertThat(KubernetesNames.violations(scaledObject)).singleElement().asString()
                .contains("keda-hpa-staging-taskfleet-worker-" + TIER_32, "66 characters");
    }

    @Test
    void aReleaseNameNoServiceNameMayStartWithNeedsAFullnameOverride() {
        assertThat(Chart.release("1st").renderFailure()).contains("\"1st-taskfleet\"", "DNS-1035", "fullnameOverride");
        assertThat(Chart.release("1st").set("fullnameOverride", "first-fleet").render().names("Service"))
                .contains("first-fleet-producer");
        assertThat(Chart.release("tf").set("fullnameOverride", "First").renderFailure())
                .contains("schema").contains("fullnameOverride");
        assertThat(Chart.release("tf").set("nameOverride", "fleet_one").renderFailure())
                .contains("schema").contains("nameOverride");
    }

    @Test
    void theLongestFullnameOverrideIsCutToItsPrefixLength() {
        String longest = "f" + "-override".repeat(6) + "-longest";
        assertThat(longest).as("the schema's maxLength").hasSize(63);
        Manifests rendered = Chart.release("tf").set("fullnameOverride", longest).tier(1, "name", TIER_32).render();
        assertThat(rendered.names("Service")).contains(longest.substring(0, 24) + "-producer");
    }
}
