package dev.taskfleet.helm;

import static dev.taskfleet.helm.Manifests.container;
import static dev.taskfleet.helm.Manifests.env;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Strimzi KafkaTopic and KafkaUser resources: the topics with their sizes and retention, one user
 * per principal with exactly the ACLs of the chart README's table, and every service logging in
 * as its own user.
 */
class StrimziTest {

    private static final Manifests STRIMZI = Chart.release("tf")
            .values(Chart.DIR.resolve("ci/strimzi-values.yaml")).tier(1, "partitions", 6).render();

    @Test
    void nothingOfStrimziByDefault() {
        Manifests defaults = Chart.release("tf").render();
        assertThat(defaults.ofKind("KafkaTopic")).isEmpty();
        assertThat(defaults.ofKind("KafkaUser")).isEmpty();
    }

    @Test
    void everyTopicOfTheFleetIsAKafkaTopicWithItsSizeAndRetention() {
        Map<String, JsonNode> topics = topicsByName(STRIMZI);
        assertThat(topics.keySet()).containsExactlyInAnyOrder("taskfleet.tasks", "taskfleet.tasks.fast",
                "taskfleet.tasks.quality", "taskfleet.escalations", "taskfleet.results", "taskfleet.batches",
                "taskfleet.dlq", "taskfleet.provider-batches", "taskfleet.tracker-checkpoints");
        assertThat(topics.get("taskfleet.provider-batches").at("/spec/config/cleanup.policy").asText())
                .as("compacted: a batch tier rebuilds its provider batches from it").isEqualTo("compact");
        JsonNode checkpoints = topics.get("taskfleet.tracker-checkpoints");
        assertThat(checkpoints.at("/metadata/name").asText()).isEqualTo("tf-taskfleet-tracker-checkpoints");
        assertThat(checkpoints.at("/spec/partitions").asInt()).as("one partition, not the fleet's 12").isEqualTo(1);
        assertThat(checkpoints.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(checkpoints.at("/spec/config/cleanup.policy").asText()).isEqualTo("compact,delete");
        assertThat(checkpoints.at("/spec/config/retention.ms").asLong()).as("a week, whatever retentionHours say")
                .isEqualTo(604_800_000L);
        assertThat(checkpoints.at("/spec/config/segment.ms").asLong()).isEqualTo(600_000L);
        assertThat(checkpoints.at("/spec/config/min.insync.replicas").asInt()).as("the shared config applies")
                .isEqualTo(2);
        JsonNode results = topics.get("taskfleet.results");
        assertThat(results.at("/metadata/name").asText()).isEqualTo("tf-taskfleet-results");
        assertThat(results.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo("events");
        assertThat(results.at("/spec/partitions").asInt()).isEqualTo(12);
        assertThat(results.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(results.at("/spec/config/retention.ms").asLong()).isEqualTo(720L * 3_600_000);
        assertThat(results.at("/spec/config/min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(topics.get("taskfleet.tasks").at("/spec/config/retention.ms").asLong())
                .as("the default, a week").isEqualTo(168L * 3_600_000);
        JsonNode quality = topics.get("taskfleet.tasks.quality");
        assertThat(quality.at("/metadata/name").asText()).isEqualTo("tf-taskfleet-tasks-quality");
        assertThat(quality.at("/spec/partitions").asInt()).as("the tier's own partitions").isEqualTo(6);
        assertThat(topics.get("taskfleet.tasks.fast").at("/spec/partitions").asInt()).isEqualTo(12);
    }

    @Test
    void aTopicsOwnSettingsWinOverTheSharedConfigAndEachIsRenderedOnce() {
        Manifests shared = strimzi().set("kafka.topics.config.cleanup\\.policy", "delete")
                .set("kafka.topics.config.segment\\.ms", 86_400_000).render();
        Map<String, JsonNode> topics = topicsByName(shared);
        assertThat(topics.get("taskfleet.provider-batches").at("/spec/config/cleanup.policy").asText())
                .as("a shared cleanup.policy does not undo compaction").isEqualTo("compact");
        assertThat(topics.get("taskfleet.tasks").at("/spec/config/cleanup.policy").asText()).isEqualTo("delete");
        assertThat(topics.get("taskfleet.tasks").at("/spec/config/segment.ms").asLong()).isEqualTo(86_400_000L);
        JsonNode checkpoints = topics.get("taskfleet.tracker-checkpoints");
        assertThat(checkpoints.at("/spec/config/cleanup.policy").asText()).isEqualTo("compact,delete");
        assertThat(checkpoints.at("/spec/config/segment.ms").asLong())
                .as("compaction within 10 minutes, as the producer creates it").isEqualTo(600_000L);
        assertThat(shared.text().lines().filter(line -> line.strip().startsWith("cleanup.policy:")))
                .as("one cleanup.policy per KafkaTopic, never a repeated key").hasSize(topics.size());
    }

    @Test
    void kafkaUsersCarryExactlyTheAclsOfTheReadmeTable() throws IOException {
        assertThat(userAcls(STRIMZI)).isEqualTo(readmeAcls(true));
        Manifests servicesCreateTopics = strimzi().set("strimzi.topics.enabled", false).render();
        assertThat(servicesCreateTopics.ofKind("KafkaTopic")).isEmpty();
        assertThat(userAcls(servicesCreateTopics)).isEqualTo(readmeAcls(false));
        assertThat(userAcls(servicesCreateTopics)).anyMatch(acl -> acl.contains("Create"));
        assertThat(userAcls(servicesCreateTopics)).filteredOn(acl -> acl.contains(" taskfleet.tracker-checkpoints "))
                .as("the producer's alone").containsExactly(
                        "tf-taskfleet-producer topic taskfleet.tracker-checkpoints literal [Create, Read, Write]");
        assertThat(userAcls(STRIMZI)).filteredOn(acl -> acl.contains(" taskfleet.tracker-checkpoints "))
                .containsExactly("tf-taskfleet-producer topic taskfleet.tracker-checkpoints literal [Read, Write]");
        // The Topic Operator owns every topic but the teams' lanes, which come with new teams.
        assertThat(userAcls(STRIMZI)).filteredOn(acl -> acl.contains("Create"))
                .containsExactlyInAnyOrder(
                        "tf-taskfleet-producer topic taskfleet.inbox. prefix [Create, Read, Write]",
                        "tf-taskfleet-router topic taskfleet.tasks.fast. prefix [Create, DescribeConfigs, Write]",
                        "tf-taskfleet-router topic taskfleet.tasks.quality. prefix [Create, DescribeConfigs, Write]");
    }

    @Test
    void everyServiceLogsInAsItsOwnUserFromTheSecretStrimziCreates() {
        assertThat(STRIMZI.names("KafkaUser")).containsExactlyInAnyOrder("tf-taskfleet-producer", "tf-taskfleet-router",
                "tf-taskfleet-worker-fast", "tf-taskfleet-worker-quality", "tf-taskfleet-keda");
        for (JsonNode deployment : STRIMZI.ofKind("Deployment")) {
            String name = deployment.at("/metadata/name").asText();
            JsonNode jaas = env(container(deployment), "KAFKA_SASL_JAAS_CONFIG");
            assertThat(jaas.at("/valueFrom/secretKeyRef/name").asText()).as(name).isEqualTo(name);
            assertThat(jaas.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("sasl.jaas.config");
            assertThat(STRIMZI.get("KafkaUser", name).at("/spec/authentication/type").asText()).isEqualTo("scram-sha-512");
        }
        assertThat(STRIMZI.ofKind("Secret")).as("Strimzi creates them, not the chart").isEmpty();
    }

    @Test
    void kedaLogsInAsItsOwnDescribeOnlyUser() {
        JsonNode auth = STRIMZI.get("TriggerAuthentication", "tf-taskfleet-kafka");
        assertThat(auth.at("/spec/configMapTargetRef/0/parameter").asText()).isEqualTo("username");
        String configMap = auth.at("/spec/configMapTargetRef/0/name").asText();
        assertThat(STRIMZI.get("ConfigMap", configMap).at("/data/username").asText()).isEqualTo("tf-taskfleet-keda");
        List<String> secrets = new ArrayList<>();
        auth.at("/spec/secretTargetRef").forEach(r -> secrets.add(r.path("parameter").asText() + "=" + r.path("name").asText()));
        assertThat(secrets).containsExactlyInAnyOrder("password=tf-taskfleet-keda", "ca=events-cluster-ca-cert");
        assertThat(userAcls(STRIMZI)).filteredOn(acl -> acl.startsWith("tf-taskfleet-keda "))
                .allMatch(acl -> acl.endsWith("[Describe]")).hasSize(7);
        assertThat(strimzi().set("autoscaling.keda.enabled", false).render().names("KafkaUser"))
                .doesNotContain("tf-taskfleet-keda");
    }

    @Test
    void settingsStrimziUsersCannotWorkWithAreRefused() {
        assertThat(strimzi().set("strimzi.cluster", "").renderFailure()).contains("strimzi.cluster");
        assertThat(strimzi().set("kafka.sasl.mechanism", "SCRAM-SHA-256").renderFailure())
                .contains("SCRAM-SHA-512", "SCRAM-SHA-256");
        assertThat(strimzi().set("kafka.securityProtocol", "SSL").renderFailure()).contains("SASL_SSL");
        assertThat(strimzi().set("kafka.sasl.existingSecret", "shared").renderFailure())
                .contains("leave kafka.sasl.existingSecret empty");
        assertThat(strimzi().set("kafka.topics.config.retention\\.ms", 1).renderFailure())
                .as("retention comes from retentionHours").contains("schema");
    }

    private static Chart strimzi() {
        return Chart.release("tf").values(Chart.DIR.resolve("ci/strimzi-values.yaml"));
    }

    /** The KafkaTopics by their topic name. */
    private static Map<String, JsonNode> topicsByName(Manifests manifests) {
        return manifests.ofKind("KafkaTopic").stream()
                .collect(Collectors.toMap(t -> t.at("/spec/topicName").asText(), t -> t));
    }

    /** The KafkaUsers' ACLs, one line each: {@code user type name pattern [sorted operations]}. */
    static Set<String> userAcls(Manifests manifests) {
        Set<String> acls = new TreeSet<>();
        for (JsonNode user : manifests.ofKind("KafkaUser")) {
            for (JsonNode acl : user.at("/spec/authorization/acls")) {
                JsonNode resource = acl.path("resource");
                List<String> operations = new ArrayList<>();
                acl.path("operations").forEach(o -> operations.add(o.asText()));
                acls.add(line(user.at("/metadata/name").asText(), resource.path("type").asText(),
                        resource.path("name").asText(), resource.path("patternType").asText(), operations));
            }
        }
        return acls;
    }

    /**
     * The README's ACL table for release tf, prefix taskfleet, tiers fast and quality, with KEDA:
     * a row naming {@code <tier>} stands for one line per tier, {@code (Create)} is Create only
     * while the services create their topics.
     */
    private static Set<String> readmeAcls(boolean strimziOwnsTopics) throws IOException {
        List<String> lines = Files.readAllLines(Chart.DIR.resolve("README.md"));
        int start = lines.indexOf("## Kafka ACLs");
        assertThat(start).as("README section").isNotNegative();
        Set<String> acls = new TreeSet<>();
        for (String row : lines.subList(start + 1, lines.size())) {
            if (row.startsWith("## ")) {
                break;
            }
            String[] cells = row.split("\\|");
            if (!row.startsWith("| ") || cells.length < 7 || cells[1].isBlank() || cells[1].contains("principal")) {
                continue;
            }
            String principal = cells[1].strip().replace("`", "");
            String name = cells[3].strip().replace("`", "").replace("<prefix>", "taskfleet");
            List<String> operations = new ArrayList<>();
            for (String operation : cells[5].split(",")) {
                String op = operation.strip();
                if (!op.equals("(Create)") || !strimziOwnsTopics) {
                    operations.add(op.replace("(", "").replace(")", ""));
                }
            }
            boolean perTier = principal.contains("<tier>") || name.contains("<tier>");
            for (String tier : perTier ? List.of("fast", "quality") : List.of("")) {
                String user = "tf-taskfleet-" + principal.replace("<tier>", tier);
                acls.add(line(user, cells[2].strip(), name.replace("<tier>", tier), cells[4].strip(), operations));
            }
        }
        return acls;
    }

    private static String line(String user, String type, String name, String pattern, List<String> operations) {
        return user + " " + type + " " + name + " " + pattern + " " + operations.stream().sorted().toList();
    }
}
