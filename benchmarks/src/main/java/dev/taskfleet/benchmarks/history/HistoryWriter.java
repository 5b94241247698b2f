package dev.taskfleet.benchmarks.history;

import dev.taskfleet.config.FleetDefaults;
import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.TopicProvisioner;
import dev.taskfleet.kafka.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes a history straight into the fleet's topics, as the fleet writes them: batch events keyed
 * by batch id on {@code <prefix>.batches} and results keyed by task id on {@code <prefix>.results}
 * (no headers, no compression, the default partitioner, so every record lands on the partition the
 * fleet's own writers would choose), ACCEPTED events and results through an idempotent producer
 * (as the producer and the workers send them), ROUTED tallies in transactions of their own (as the
 * router writes them, so a read_committed reader meets commit markers as it would). Topics are
 * created as the producer creates them at start-up ({@code TopicSetup}: the fleet's default
 * partition count, the same specs). The writing is not measured; it trades latency for large batches.
 */
final class HistoryWriter implements AutoCloseable {

    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(60);

    private final TopicNames names;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaProducer<byte[], byte[]> router;
    private final ExecutorService routerThread = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "history-router-tallies");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Future<?>> routed = new ArrayList<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Callback callback = (metadata, exception) -> {
        if (exception != null) {
            failure.compareAndSet(null, exception);
        }
    };

    HistoryWriter(String bootstrapServers, TopicNames names, String runId) {
        this.names = names;
        createTopics(bootstrapServers, names);
        Map<String, Object> fast = settings(bootstrapServers, "history-writer");
        this.producer = new KafkaProducer<>(fast);
        Map<String, Object> transactional = settings(bootstrapServers, "history-router");
        transactional.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "history-router-" + runId);
        this.router = new KafkaProducer<>(transactional);
        this.router.initTransactions();
    }

    /** The topics as the producer's {@code TopicSetup} creates them, so the replica finds them as it would make them. */
    static void createTopics(String bootstrapServers, TopicNames names) {
        int partitions = Integer.parseInt(FleetDefaults.PARTITIONS);
        short replication = Short.parseShort(FleetDefaults.REPLICATION_FACTOR);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            new TopicProvisioner(admin, TOPIC_TIMEOUT).ensure(List.of(
                    new TopicSpec(names.tasks(), partitions, replication),
                    new TopicSpec(names.results(), partitions, replication),
                    new TopicSpec(names.batches(), partitions, replication),
                    new TopicSpec(names.deadLetters(), partitions, replication),
                    TopicSpec.compacted(names.providerBatches(), partitions, replication)));
        }
    }

    private static Map<String, Object> settings(String bootstrapServers, String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 60_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return config;
    }

    /** Writes {@code batches} (in order) and waits until every record is acknowledged and every tally committed. */
    List<BatchTruth> write(List<HistoryPlan.PlannedBatch> batches, AnswerText answers, double duplicateRate) {
        List<BatchTruth> truths = new ArrayList<>(batches.size());
        BatchHistory.Sink sink = new BatchHistory.Sink() {
            @Override
            public void batchEvent(String batchId, byte[] value, long timestamp) {
                send(names.batches(), batchId, value, timestamp);
            }

            @Override
            public void routerTransaction(List<BatchEvent> events) {
                List<ProducerRecord<byte[], byte[]>> records = events.stream()
                        .map(e -> new ProducerRecord<>(names.batches(), null, e.occurredAt().toEpochMilli(),
                                key(e.batchId()), EventCodec.encodeToBytes(e)))
                        .toList();
                routed.add(routerThread.submit(() -> {
                    router.beginTransaction();
                    records.forEach(router::send);
                    router.commitTransaction();
                    return null;
                }));
            }

            @Override
            public void result(String taskId, byte[] value, long timestamp) {
                send(names.results(), taskId, value, timestamp);
            }
        };
        for (HistoryPlan.PlannedBatch batch : batches) {
            truths.add(BatchHistory.write(batch, answers, duplicateRate, sink));
            throwIfFailed();
        }
        producer.flush();
        try {
            for (Future<?> transaction : routed) {
                transaction.get(5, TimeUnit.MINUTES);
            }
        } catch (Exception e) {
            throw new IllegalStateException("a ROUTED tally's transaction failed", e);
        } finally {
            routed.clear();
        }
        throwIfFailed();
        return truths;
    }

    private void send(String topic, String key, byte[] value, long timestamp) {
        producer.send(new ProducerRecord<>(topic, null, timestamp, key(key), value), callback);
    }

    private static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private void throwIfFailed() {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("writing the history failed: " + e, e);
        }
    }

    @Override
    public void close() {
        routerThread.shutdownNow();
        producer.close(Duration.ofSeconds(30));
        router.close(Duration.ofSeconds(30));
    }
}
