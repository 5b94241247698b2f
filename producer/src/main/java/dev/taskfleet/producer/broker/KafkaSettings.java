package dev.taskfleet.producer.broker;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
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
        // Quarkus adds a consumer group id; the producer has no consumers and the clients would
        // warn about a setting they do not use.
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
}
