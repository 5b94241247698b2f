package dev.taskfleet.router.kafka;

import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.KafkaTestResource;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Topics made with a small {@code max.message.bytes} before the router starts, as an operator
 * would configure them, so that the router meets a destination smaller than its producer's limit.
 */
final class SmallTopics {

    private SmallTopics() {
    }

    /** Creates each of {@code topics} with {@code partitions} and {@code maxMessageBytes}; they must not exist yet. */
    static void create(String bootstrapServers, int partitions, int maxMessageBytes, Collection<String> topics) {
        try (Admin admin = admin(bootstrapServers)) {
            admin.createTopics(topics.stream().map(topic -> new NewTopic(topic, partitions, (short) 1)
                    .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes))))
                    .toList()).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create " + topics, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The {@code max.message.bytes} the topic itself is configured with, or {@code null} when it only inherits the broker's. */
    static String ownMaxMessageBytes(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        var entry = admin.describeConfigs(List.of(resource)).all().get().get(resource)
                .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        return entry.isDefault() ? null : entry.value();
    }

    static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /**
     * The shared test broker for a {@code @QuarkusTest}, with the router's tier topics (and its input
     * topics, with one partition, so every record of a test is on one partition) made before the
     * router starts. Init args: {@code topic-prefix}, {@code tier-limit} (max.message.bytes of the tier topics).
     */
    public static class Resource extends KafkaTestResource {

        public static final String TIER_LIMIT_ARG = "tier-limit";

        private final Map<String, String> args = new HashMap<>();

        @Override
        public void init(Map<String, String> initArgs) {
            super.init(initArgs);
            args.putAll(initArgs);
        }

        @Override
        public Map<String, String> start() {
            Map<String, String> config = super.start();
            TopicNames topics = new TopicNames(args.get(TOPIC_PREFIX_ARG));
            create(config.get("kafka.bootstrap.servers"), 1, Integer.parseInt(args.get(TIER_LIMIT_ARG)),
                    List.of(topics.tier("fast"), topics.tier("quality")));
            KafkaTestClients.createTopics(config.get("kafka.bootstrap.servers"), 1,
                    List.of(topics.tasks(), topics.escalations()));
            return config;
        }
    }
}
