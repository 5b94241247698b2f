package dev.taskfleet.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.testkit.TestBrokers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/**
 * A lane is made like the topic it splits: its partitions, its {@code max.message.bytes} and the
 * retention set on it, so a lane keeps tasks as long as the topic would have and takes what it takes.
 */
class AdminLaneClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aLaneGetsTheTemplatesPartitionsSizeLimitAndRetentionSetOnIt() throws Exception {
        String bootstrap = TestBrokers.shared().bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicProvisioner(admin, WAIT).ensure(List.of(
                    new TopicSpec("lanes-like.kept", 4, (short) 1, Map.of(TopicConfig.RETENTION_MS_CONFIG, "1209600000")),
                    new TopicSpec("lanes-like.plain", 2, (short) 1)));
            AdminLaneCluster cluster = new AdminLaneCluster(admin, (short) 1, WAIT,
                    topic -> topic.equals("lanes-like.kept") ? Optional.of(2_000_000) : Optional.empty());

            cluster.createLike("lanes-like.kept.team-a", "lanes-like.kept");
            cluster.createLike("lanes-like.plain.team-a", "lanes-like.plain");

            assertThat(admin.describeTopics(List.of("lanes-like.kept.team-a")).allTopicNames().get()
                    .get("lanes-like.kept.team-a").partitions()).hasSize(4);
            Config kept = configOf(admin, "lanes-like.kept.team-a");
            assertThat(kept.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("1209600000");
            assertThat(kept.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value()).isEqualTo("2000000");
            Config plain = configOf(admin, "lanes-like.plain.team-a");
            assertThat(plain.get(TopicConfig.RETENTION_MS_CONFIG).source()).as("the broker's default, as on its template")
                    .isNotEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            assertThat(cluster.topicNames()).contains("lanes-like.kept.team-a", "lanes-like.plain.team-a");
        }
    }

    private static Config configOf(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }
}
