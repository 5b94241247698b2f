package dev.taskfleet.worker.batch.kafka;

import dev.taskfleet.kafka.KafkaClientSettings;
import dev.taskfleet.kafka.RecordSizeLimit;
import dev.taskfleet.kafka.TopicMessageLimits;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * Builds a batch tier's two Kafka clients from the worker's client settings (so SASL, TLS and
 * the refusal reporter apply) plus the settings its guarantees depend on, which are not left to
 * configuration. Their Kafka metrics (consumer lag among them, which autoscaling and the dashboard read) are bound to
 * the registry until the client is {@linkplain #release released} or {@link #unbindMetrics()}. Whoever creates a
 * client closes it.
 */
final class BatchTierClients {

    /**
     * How long a transaction may stay open. Every transaction here is a handful of sends; a worker
     * killed inside one holds read-committed readers of its partitions back until this passes.
     */
    static final int TRANSACTION_TIMEOUT_MS = 15_000;

    /** How often the consumer refreshes metadata, and so how soon it finds a new lane of its tier. */
    private static final int LANE_DISCOVERY_MS = 5_000;

    private static final String ADMIN_CLIENT_ID = "taskfleet-worker-batch-limits";
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(BatchTierClients.class);

    private final KafkaClientSettings kafka;
    private final MeterRegistry registry;
    /** The metrics bound per client made here, by identity. */
    private final Map<Object, KafkaClientMetrics> bound = new IdentityHashMap<>();

    BatchTierClients(KafkaClientSettings kafka, MeterRegistry registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    /**
     * The tier's consumer, in the tier's group ({@code taskfleet-worker-<tier>}, the group
     * autoscaling watches): offsets are committed only inside the producer's transactions.
     */
    KafkaConsumer<byte[], byte[]> consumer(String clientId, String groupId) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerSettings(clientId, groupId));
        return withMetrics(consumer, new KafkaClientMetrics(consumer));
    }

    /** What {@link #consumer} makes its consumer from. */
    Map<String, Object> consumerSettings(String clientId, String groupId) {
        Map<String, Object> config = kafka.consumer(clientId);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The router forwards in transactions, and this tier writes its own records in them.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // Subscribed by pattern: a new team's lane is found at the next metadata refresh, so within seconds.
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, LANE_DISCOVERY_MS);
        // A rebalance (a pod joining or leaving, a new lane) moves only the partitions that change
        // owner (KIP-429), as on the tiers that call models. Under Kafka's default eager protocol every
        // pod gave up every partition each time: it wrote its gathering early, and dropped and read
        // again from the beginning every provider batch it was following.
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        return config;
    }

    /**
     * The tier's transactional producer. Zombies are fenced by the consumer group's generation
     * (offsets are sent with the group's metadata), and a restart under the same id aborts what the
     * previous incarnation left open.
     */
    KafkaProducer<byte[], byte[]> producer(String clientId, String transactionalId) {
        Map<String, Object> config = kafka.producer(clientId);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config);
        return withMetrics(producer, new KafkaClientMetrics(producer));
    }

    /**
     * What every record a batch tier writes to {@code topics} is sized against: the {@code max.request.size}
     * of the producers made here and each topic's {@code max.message.bytes}, read from the broker now,
     * whichever is smaller. Logged once per topic, with both values.
     */
    RecordSizeLimit writeLimit(List<String> topics) {
        Map<String, Integer> topicLimits;
        try (Admin admin = Admin.create(kafka.admin(ADMIN_CLIENT_ID))) {
            topicLimits = TopicMessageLimits.read(admin, topics, ADMIN_TIMEOUT);
        }
        RecordSizeLimit limit = RecordSizeLimit.of(kafka.common()).withTopicLimits(topicLimits);
        topics.forEach(topic -> LOG.infof("records written to %s are sized against %s", topic, limit.describe(topic)));
        return limit;
    }

    /**
     * One worker's clients for its {@link BatchTierLoop}: made again, under the same ids, each time
     * the loop starts over after Kafka stopped answering, and released when the loop closed them.
     */
    BatchTierLoop.Clients forWorker(String consumerId, String groupId, String producerId, String transactionalId) {
        return new BatchTierLoop.Clients() {
            @Override
            public Consumer<byte[], byte[]> consumer() {
                return BatchTierClients.this.consumer(consumerId, groupId);
            }

            @Override
            public Producer<byte[], byte[]> producer() {
                return BatchTierClients.this.producer(producerId, transactionalId);
            }

            @Override
            public void closed(Object client) {
                release(client);
            }
        };
    }

    /**
     * Removes the meters of one client made here, once it is closed: a client made again under the
     * same id would otherwise find the old client's meters registered and report nothing of its own.
     */
    synchronized void release(Object client) {
        KafkaClientMetrics metrics = bound.remove(client);
        if (metrics != null) {
            metrics.close();
        }
    }

    /** Removes the meters of every client made here; call once they are closed. */
    synchronized void unbindMetrics() {
        bound.values().forEach(KafkaClientMetrics::close);
        bound.clear();
    }

    private synchronized <C> C withMetrics(C client, KafkaClientMetrics metrics) {
        metrics.bindTo(registry);
        bound.put(client, metrics);
        return client;
    }
}
