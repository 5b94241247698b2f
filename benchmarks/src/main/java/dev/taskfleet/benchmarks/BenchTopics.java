package dev.taskfleet.benchmarks;

import dev.taskfleet.kafka.ProducerBatching;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Topic creation and client settings the benchmarks share (the broker's auto-creation is off). */
public final class BenchTopics {

    /**
     * Records get the broker's clock at append as their timestamp: output topics of forwarders
     * compared with each other are timed by one clock at one point.
     */
    public static final Map<String, String> LOG_APPEND_TIME = Map.of("message.timestamp.type", "LogAppendTime");

    private BenchTopics() {
    }

    /** Creates each topic with {@code partitions} partitions, replication 1; an existing topic is left as it is. */
    public static void create(String bootstrapServers, int partitions, String... topics) {
        create(bootstrapServers, partitions, Map.of(), topics);
    }

    /**
     * As {@link #create(String, int, String...)}, with topic configs such as {@link #LOG_APPEND_TIME}.
     * Returns once every partition of every topic answers a list-offsets request: a topic the
     * controller has created may not have its partitions on the broker yet, and an idempotent
     * producer's first batch to such a partition can fail while its next ones are appended, which
     * left the producer resending an out-of-order sequence until its delivery timeout (seen with
     * 4.1.2 on a loaded machine).
     */
    public static void create(String bootstrapServers, int partitions, Map<String, String> configs, String... topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<NewTopic> wanted = Arrays.stream(topics)
                    .map(name -> new NewTopic(name, partitions, (short) 1).configs(configs)).toList();
            for (var result : admin.createTopics(wanted).values().values()) {
                try {
                    result.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topics " + Arrays.toString(topics), e.getCause());
                    }
                }
            }
            List<TopicPartition> all = new ArrayList<>();
            admin.describeTopics(List.of(topics)).allTopicNames().get().forEach((name, description) ->
                    description.partitions().forEach(p -> all.add(new TopicPartition(name, p.partition()))));
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.CLIENT_ID_CONFIG, "taskfleet-benchmark-topics"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                // Retries while a partition has no leader on the broker yet; throws after the timeout.
                consumer.endOffsets(all, Duration.ofSeconds(60));
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe topics " + Arrays.toString(topics), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /**
     * Byte-array producer settings equal to the taskfleet producer's task publisher
     * ({@code producer/.../broker/KafkaSettings#producer}): its batching ({@link ProducerBatching}),
     * acks=all, idempotent. The ceiling the producer service is compared with uses exactly these.
     */
    public static Map<String, Object> taskPublisherSettings(String bootstrapServers, String clientId) {
        Map<String, Object> config = new HashMap<>(ProducerBatching.defaults());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return config;
    }
}
