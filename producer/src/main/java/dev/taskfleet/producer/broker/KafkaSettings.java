package dev.taskfleet.producer.broker;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Client settings built from every {@code kafka.*} key (Quarkus gathers them in the
 * {@code default-kafka-broker} map), so SASL and TLS settings reach every client the producer
 * creates.
 */
@ApplicationScoped
public class KafkaSettings {

    private final Map<String, Object> shared;

    @Inject
    public KafkaSettings(@Identifier("default-kafka-broker") Map<String, Object> shared) {
        Map<String, Object> copy = new HashMap<>(shared);
        // Quarkus adds a consumer group id; the producer's consumers assign partitions themselves
        // (every replica reads everything), and the other clients would warn about it.
        copy.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.shared = Map.copyOf(copy);
    }

    /** Settings for the admin client. */
    public Map<String, Object> admin() {
        Map<String, Object> config = new HashMap<>(shared);
        config.putIfAbsent("client.id", "taskfleet-producer-admin");
        return config;
    }

    /**
     * Settings for the task producer. Defaults tuned for large pipelined batches come first and
     * may be overridden with {@code kafka.*}; durability and serialization come last and may not.
     */
    public Map<String, Object> producer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "taskfleet-producer");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 131_072);
        // A broker that is down should turn into a 503 within seconds, not hold a request for minutes.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.putAll(shared);
        // "Accepted" in the reply means durable, and a retried send must not duplicate a task.
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return config;
    }

    /**
     * Settings for a reader that assigns partitions itself (no consumer group, no commits):
     * the batch tracker, results downloads and the task scan of a retry. Reads only committed
     * records, and never creates a topic by asking for it.
     */
    public Map<String, Object> reader(String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        config.putAll(shared);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return config;
    }
}
