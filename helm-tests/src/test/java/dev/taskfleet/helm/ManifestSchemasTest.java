package dev.taskfleet.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The copies of the published schemas are what sources.yaml says they are, every kind the chart
 * can render has one, and the check Chart.render() applies catches what the API server or an
 * operator would refuse, naming the object, the value set and the JSON path.
 */
class ManifestSchemasTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    /** Every optional object on at once: KEDA with SASL and a CA, Strimzi, monitoring, dashboard. */
    static Chart everything() {
        return Chart.release("all")
                .values(Chart.DIR.resolve("ci/strimzi-values.yaml"))
                .set("serviceMonitor.enabled", true)
                .set("prometheusRule.enabled", true)
                .set("prometheusRule.providerAuthFailures.enabled", true)
                .set("grafana.dashboard.enabled", true)
                .set("router.policy", "tiers: [fast, quality]\n");
    }

    @Test
    void everyCopyMatchesTheChecksumSourcesYamlRecordsAndEveryFileIsListed() throws Exception {
        List<ManifestSchemas.Source> sources = ManifestSchemas.INSTANCE.sources();
        for (ManifestSchemas.Source source : sources) {
            byte[] copy = ManifestSchemas.bytes(ManifestSchemas.FOLDER + source.file());
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(copy));
            assertThat(sha256).as("sha256 of %s", source.file()).isEqualTo(source.sha256());
            assertThat(source.source()).as("source of %s", source.file()).startsWith("https://github.com/");
            assertThat(source.version()).as("version of %s", source.file()).isNotBlank();
        }
        assertThat(filesInSchemaFolder()).containsExactlyInAnyOrderElementsOf(
                sources.stream().map(ManifestSchemas.Source::file).collect(Collectors.toSet()));
    }

    @Test
    void eachCrdCopyDefinesTheKindAndServesTheVersionItIsListedFor() {
        for (ManifestSchemas.Source source : ManifestSchemas.INSTANCE.sources()) {
            if (!source.format().equals("crd")) {
                continue;
            }
            JsonNode crd = read(source.file());
            String group = source.apiVersion().substring(0, source.apiVersion().indexOf('/'));
            String version = source.apiVersion().substring(source.apiVersion().indexOf('/') + 1);
            assertThat(crd.at("/spec/group").asText()).as(source.file()).isEqualTo(group);
            assertThat(crd.at("/spec/names/kind").asText()).as(source.file()).isEqualTo(source.kind());
            assertThat(crd.at("/spec/versions").findValuesAsText("name")).as(source.file()).contains(version);
        }
    }

    @Test
    void everyKindTheChartRendersHasASchemaAndTheFullValueSetPasses() {
        Manifests all = everything().render();
        Set<String> kinds = all.objects().stream().map(o -> o.path("apiVersion").asText() + " " + o.path("kind").asText())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(kinds).contains("keda.sh/v1alpha1 ScaledObject", "keda.sh/v1alpha1 TriggerAuthentication",
                "monitoring.coreos.com/v1 ServiceMonitor", "monitoring.coreos.com/v1 PrometheusRule",
                "kafka.strimzi.io/v1 KafkaTopic", "kafka.strimzi.io/v1 KafkaUser", "apps/v1 Deployment", "v1 Service",
                "v1 ConfigMap", "policy/v1 PodDisruptionBudget");
        assertThat(Chart.release("tf").render().ofKind("HorizontalPodAutoscaler")).isNotEmpty();
        for (String kind : kinds) {
            assertThat(ManifestSchemas.INSTANCE.covers(kind.split(" ")[0], kind.split(" ")[1])).as(kind).isTrue();
        }
    }

    @Test
    void anUnknownFieldAWrongTypeAndAMissingFieldAreReportedWithObjectValueSetAndPath() {
        Chart chart = Chart.release("tf").set("autoscaling.keda.enabled", true);
        Manifests rendered = chart.render();
        ObjectNode deployment = (ObjectNode) rendered.get("Deployment", "tf-taskfleet-router").deepCopy();
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0")).put("imagePullPolicyy", "Always");
        ((ObjectNode) deployment.path("spec")).put("replicas", "two");
        ObjectNode scaledObject = (ObjectNode) rendered.get("ScaledObject", "tf-taskfleet-worker-fast").deepCopy();
        ((ObjectNode) scaledObject.at("/spec/triggers/0")).remove("type");
        ((ObjectNode) scaledObject.path("spec")).put("pollingIntervall", 5);

        assertThatThrownBy(() -> ManifestChecks.assertValid(
                new Manifests("", List.of(deployment, scaledObject)), chart.valueSet()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("release tf, --set autoscaling.keda.enabled=true")
                .hasMessageContaining("Deployment/tf-taskfleet-router $.spec.template.spec.containers[0]")
                .hasMessageContaining("imagePullPolicyy")
                .hasMessageContaining("Deployment/tf-taskfleet-router $.spec.replicas")
                .hasMessageContaining("ScaledObject/tf-taskfleet-worker-fast $.spec.triggers[0]")
                .hasMessageContaining("type")
                .hasMessageContaining("ScaledObject/tf-taskfleet-worker-fast $.spec")
                .hasMessageContaining("pollingIntervall");
    }

    @Test
    void customResourcesAreCheckedStrictlyIncludingTheirMetadata() {
        Manifests rendered = everything().render();
        ObjectNode user = (ObjectNode) rendered.ofKind("KafkaUser").get(0).deepCopy();
        ((ObjectNode) user.at("/spec/authorization/acls/0")).putArray("operations").add("Eat");
        ((ObjectNode) user.at("/metadata")).put("lables", "typo");
        ObjectNode monitor = (ObjectNode) rendered.ofKind("ServiceMonitor").get(0).deepCopy();
        ((ObjectNode) monitor.at("/spec/endpoints/0")).put("scrapeEvery", "30s");

        List<String> problems = ManifestChecks.problems(new Manifests("", List.of(user, monitor)));
        assertThat(problems).anyMatch(p -> p.contains("$.spec.authorization.acls[0].operations[0]"))
                .anyMatch(p -> p.contains("$.metadata") && p.contains("lables"))
                .anyMatch(p -> p.contains("$.spec.endpoints[0]") && p.contains("scrapeEvery"));
    }

    @Test
    void anObjectOfAKindWithoutASchemaIsAViolationItself() {
        ObjectNode ingress = YAML.createObjectNode().put("apiVersion", "networking.k8s.io/v1").put("kind", "Ingress");
        ingress.putObject("metadata").put("name", "tf-taskfleet");
        assertThat(ManifestChecks.problems(new Manifests("", List.of(ingress))))
                .singleElement().asString().contains("no schema is kept for networking.k8s.io/v1 Ingress");
    }

    @Test
    void crdSchemasAreClosedUnlessTheyKeepUnknownFieldsAndNullableAllowsNull() throws Exception {
        JsonNode crd = YAML.readTree("""
                spec:
                  versions:
                    - name: v1
                      schema:
                        openAPIV3Schema:
                          type: object
                          properties:
                            metadata: {type: object}
                            spec:
                              type: object
                              properties:
                                size: {type: integer, nullable: true}
                                free: {type: object, x-kubernetes-preserve-unknown-fields: true, properties: {a: {type: string}}}
                                items: {type: array, items: {type: object, properties: {b: {type: string}}}}
                """);
        ObjectNode meta = YAML.createObjectNode().put("type", "object");
        ObjectNode schema = CrdSchemas.strictSchema(crd, "v1", meta);
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(schema.at("/properties/spec/additionalProperties").asBoolean(true)).isFalse();
        assertThat(schema.at("/properties/spec/properties/items/items/additionalProperties").asBoolean(true)).isFalse();
        assertThat(schema.at("/properties/spec/properties/free").has("additionalProperties")).isFalse();
        assertThat((ArrayNode) schema.at("/properties/spec/properties/size/type")).extracting(JsonNode::asText)
                .containsExactly("integer", "null");
        assertThat(schema.at("/properties/metadata")).isEqualTo(meta);
    }

    private static Set<String> filesInSchemaFolder() throws URISyntaxException, IOException {
        Path folder = Path.of(ManifestSchemasTest.class.getResource(ManifestSchemas.FOLDER).toURI());
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).map(f -> folder.relativize(f).toString())
                    .filter(f -> !f.equals("sources.yaml")).collect(Collectors.toSet());
        }
    }

    private static JsonNode read(String file) {
        try {
            return YAML.readTree(ManifestSchemas.bytes(ManifestSchemas.FOLDER + file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
