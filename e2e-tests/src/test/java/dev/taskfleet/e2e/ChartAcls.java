package dev.taskfleet.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The Kafka principals of the fleet and their ACLs exactly as the chart declares them: the chart
 * is rendered with embedded Helm ({@code strimzi.users.enabled}) and each {@code KafkaUser}'s ACLs
 * become Kafka ACL bindings. A test that grants these and nothing else runs the fleet with the
 * chart's least privilege, so a right the fleet needs but the chart forgets fails that test.
 */
final class ChartAcls {

    /** The release the chart is rendered as; its users are {@code tf-taskfleet-<login>}. */
    static final String RELEASE = "tf";

    /**
     * One principal: the login the launcher gives a service ({@code producer}, {@code router},
     * {@code worker-<tier>}, or {@code autoscaling} for KEDA), its user name and its ACLs.
     */
    record Principal(String login, String user, List<AclBinding> acls) {
    }

    private ChartAcls() {
    }

    /** The chart's principals for a fleet with this topic prefix and the chart's default tiers. */
    static Map<String, Principal> render(Path chart, String topicPrefix) {
        String manifests = new Helm(chart).template().withName(RELEASE).withNamespace("e2e")
                .set("kafka.topicPrefix", topicPrefix)
                .set("kafka.securityProtocol", "SASL_SSL")
                .set("kafka.sasl.mechanism", "SCRAM-SHA-512")
                .set("strimzi.cluster", "e2e")
                .set("strimzi.users.enabled", true)
                .call();
        Map<String, Principal> principals = new LinkedHashMap<>();
        for (JsonNode user : kafkaUsers(manifests)) {
            JsonNode labels = user.at("/metadata/labels");
            String component = labels.path("app.kubernetes.io/component").asText();
            String login = component.equals("worker") ? "worker-" + labels.path("taskfleet.dev/tier").asText() : component;
            String name = user.at("/metadata/name").asText();
            List<AclBinding> acls = new ArrayList<>();
            for (JsonNode acl : user.at("/spec/authorization/acls")) {
                ResourcePattern resource = new ResourcePattern(
                        ResourceType.fromString(snake(acl.at("/resource/type").asText())),
                        acl.at("/resource/name").asText(),
                        acl.at("/resource/patternType").asText().equals("prefix") ? PatternType.PREFIXED : PatternType.LITERAL);
                for (JsonNode operation : acl.get("operations")) {
                    acls.add(new AclBinding(resource, new AccessControlEntry("User:" + name, "*",
                            AclOperation.fromString(snake(operation.asText())), AclPermissionType.ALLOW)));
                }
            }
            principals.put(login, new Principal(login, name, List.copyOf(acls)));
        }
        return principals;
    }

    private static List<JsonNode> kafkaUsers(String manifests) {
        try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(manifests)) {
            return documents.readAll().stream()
                    .filter(document -> document != null && "KafkaUser".equals(document.path("kind").asText()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the rendered chart", e);
        }
    }

    /** Strimzi's {@code transactionalId} and {@code IdempotentWrite} as Kafka's enum names. */
    private static String snake(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }
}
