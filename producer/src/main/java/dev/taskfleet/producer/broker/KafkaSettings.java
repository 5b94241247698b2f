package dev.taskfleet.producer.broker;

import dev.taskfleet.kafka.KafkaClientSettings;
import dev.taskfleet.kafka.KafkaLogin;
import dev.taskfleet.kafka.ProducerBatching;
import dev.taskfleet.producer.config.FleetConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one place the producer's Kafka client settings are made: every {@code kafka.*} key (Quarkus
 * gathers them in the {@code default-kafka-broker} map) plus the login files
 * ({@code taskfleet.kafka.sasl.*}), through kafka-support's {@link KafkaClientSettings}, so SASL
 * and TLS reach every client the producer creates: the task producer, the admin client (topics,
 * readiness), the batch tracker and the scanners of retries and result downloads.
 */
@ApplicationScoped
public class KafkaSettings {

    private final KafkaClientSettings settings;
    private final int trackerFetchMinBytes;
    private final int trackerFetchMaxWaitMs;

    @Inject
    public KafkaSettings(@Identifier("default-kafka-broker") Map<String, Object> kafka, FleetConfig config) {
        FleetConfig.KafkaCredentialFiles.Sasl sasl = config.kafka().sasl();
        this.settings = KafkaClientSettings.ofThisProcess(kafka,
                new KafkaLogin(sasl.usernameFile(), sasl.passwordFile(), sasl.jaasConfigFile()));
        FleetConfig.TrackerFetch fetch = config.producer().trackerFetch();
        // Checked here, at start-up: Kafka would refuse them only when the tracker's thread makes
        // its consumer, which leaves a producer that starts and then reports itself dead.
        this.trackerFetchMinBytes = intSetting("taskfleet.producer.tracker-fetch.min-bytes",
                fetch.minBytes().asLongValue());
        this.trackerFetchMaxWaitMs = intSetting("taskfleet.producer.tracker-fetch.max-wait", fetch.maxWait().toMillis());
    }

    private static int intSetting(String key, long value) {
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " must be between 0 and " + Integer.MAX_VALUE + ", not " + value);
        }
        return (int) value;
    }

    /** Settings for the admin client. */
    public Map<String, Object> admin() {
        return settings.admin("taskfleet-producer-admin");
    }

    /**
     * Settings for the task producer. Defaults tuned for large pipelined batches come first and
     * may be overridden with {@code kafka.*}; durability and serialization come last and may not.
     */
    public Map<String, Object> producer() {
        Map<String, Object> config = new HashMap<>(ProducerBatching.defaults());
        // A broker that is down should turn into a 503 within seconds, not hold a request for minutes.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.putAll(settings.producer("taskfleet-producer"));
        // "Accepted" in the reply means durable, and a retried send must not duplicate a task.
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // Values are encoded to bytes by the caller, which sizes each task's record before sending it.
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return config;
    }

    /**
     * Settings for the writer of the batch tracker's checkpoints: durable, not duplicated by a
     * retry, compressed (a snapshot is mostly ids and counters, which compress well).
     */
    public Map<String, Object> checkpointWriter() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        config.putAll(settings.producer("taskfleet-producer-checkpoints"));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return config;
    }

    /**
     * Settings for a reader that assigns partitions itself (no consumer group, no commits):
     * the batch tracker, results downloads and the task scan of a retry. Reads only committed
     * records, and never creates a topic by asking for it.
     */
    public Map<String, Object> reader(String clientId) {
        Map<String, Object> config = settings.consumer(clientId);
        config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return config;
    }

    /**
     * Settings for the batch tracker's reader: a {@link #reader}, whose fetches a broker answers
     * once {@code taskfleet.producer.tracker-fetch.min-bytes} have gathered or
     * {@code tracker-fetch.max-wait} has passed. These win over {@code kafka.fetch.*}, which
     * tunes every reader of the producer alike.
     */
    public Map<String, Object> tracker(String clientId) {
        Map<String, Object> config = reader(clientId);
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, trackerFetchMinBytes);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, trackerFetchMaxWaitMs);
        return config;
    }
}
