package dev.taskfleet.router.kafka;

import dev.taskfleet.kafka.KafkaClientSettings;
import dev.taskfleet.kafka.ProducerBatching;
import dev.taskfleet.kafka.TopicFollower;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Builds the router's Kafka clients from its {@link KafkaClientSettings} (every {@code kafka.*}
 * setting and the login files, so SASL and TLS apply to each) plus the settings the router's
 * guarantees depend on, which are not left to configuration.
 *
 * <p>Keys and values are bytes: a dead letter must carry the original value byte for byte, and
 * the router decodes UTF-8 strictly itself. Whoever creates a client closes it; every client's
 * Kafka metrics (consumer lag among them, which the dashboard and autoscaling read) are bound to
 * the registry until {@link #unbindMetrics()}.
 */
final class RouterKafkaClients {

    /** The consumer group of the forwarding loop (tasks and escalations). */
    static final String GROUP_ID = "taskfleet-router";
    /** How soon the forwarding loop reads a new inbox lane: its consumer's {@code metadata.max.age.ms}. */
    static final Duration INBOX_DISCOVERY = Duration.ofSeconds(5);

    private final KafkaClientSettings kafka;
    private final MeterRegistry registry;
    private final List<KafkaClientMetrics> boundMetrics = new ArrayList<>();

    RouterKafkaClients(KafkaClientSettings kafka, MeterRegistry registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    /** Removes the client meters of every client this factory made; call after the clients are closed. */
    synchronized void unbindMetrics() {
        boundMetrics.forEach(KafkaClientMetrics::close);
        boundMetrics.clear();
    }

    private synchronized <C> C withMetrics(C client, KafkaClientMetrics metrics) {
        metrics.bindTo(registry);
        boundMetrics.add(metrics);
        return client;
    }

    /** The forwarding loop's consumer: offsets are committed only inside the producer's transactions. */
    KafkaConsumer<byte[], byte[]> forwardingConsumer(String clientId) {
        // Workers and escalations may write in transactions: the settings read committed records only.
        Map<String, Object> config = kafka.consumer(clientId);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A new group starts at the beginning: tasks submitted before the router's first start
        // must be routed, not skipped.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The inputs are a pattern: a team's new inbox lane is read from the next metadata refresh,
        // within seconds rather than Kafka's default five minutes.
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) INBOX_DISCOVERY.toMillis());
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config);
        return withMetrics(consumer, new KafkaClientMetrics(consumer));
    }

    /** The results reader of adaptive routing: a {@link TopicFollower}'s, without a group. */
    KafkaConsumer<byte[], byte[]> resultsConsumer(String clientId) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.follower(clientId));
        return withMetrics(consumer, new KafkaClientMetrics(consumer));
    }

    /**
     * The forwarding loop's producer. Idempotence and {@code acks=all} come with transactions;
     * a new producer with the same {@code transactional.id} fences an older one (a zombie of a
     * previous run) and aborts what it left open. Batches are the producer's
     * ({@link ProducerBatching}) unless {@code kafka.*} says otherwise: a transaction holds up to
     * thousands of records over every tier's partitions, and its commit flushes whatever lingers.
     */
    KafkaProducer<byte[], byte[]> transactionalProducer(String clientId, String transactionalId) {
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(transactionalProducerSettings(kafka, clientId, transactionalId));
        return withMetrics(producer, new KafkaClientMetrics(producer));
    }

    /** The settings of {@link #transactionalProducer}: batching that configuration may change, guarantees it may not. */
    static Map<String, Object> transactionalProducerSettings(KafkaClientSettings kafka, String clientId,
                                                             String transactionalId) {
        Map<String, Object> config = new HashMap<>(ProducerBatching.defaults());
        config.putAll(kafka.producer(clientId));
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return config;
    }
}
