package dev.taskfleet.benchmarks.forwarding;

import dev.taskfleet.benchmarks.BenchTopics;
import dev.taskfleet.benchmarks.policy.PolicyTaskMix;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.Task;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Pre-loads {@code <prefix>.tasks} with tasks of {@link PolicyTaskMix} (the default policy's mix:
 * both tiers, every rule), keyed by task id as the producer service does. Generated in chunks so
 * a large count needs little memory; chunk {@code c} uses seed {@code seed + c}, and ids are
 * renumbered {@code task-0000000}... from a first index, so they stay unique (the warm-up's follow
 * the measured tasks' and come from another seed).
 */
final class TaskLoader {

    static final int CHUNK = 10_000;
    private static final String ID_PREFIX = "task-";
    private static final int HELD_FOR_MS = 600_000;

    private TaskLoader() {
    }

    /**
     * Sends {@code count} tasks with ids from {@code firstIndex} and waits until each is written.
     *
     * @return the total size of the values sent, bytes
     */
    static long load(String bootstrapServers, String topic, int firstIndex, int count, long seed) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                BenchTopics.taskPublisherSettings(bootstrapServers, "taskfleet-benchmark-loader"))) {
            return send(producer, topic, firstIndex, count, seed);
        }
    }

    /**
     * Sends {@code count} tasks with ids from {@code firstIndex} in one transaction left open:
     * read_committed readers (every forwarder here) see none of them until
     * {@link HeldBacklog#release}, and then all at once, as if the whole backlog had been loaded
     * while they were away.
     */
    static HeldBacklog hold(String bootstrapServers, String topic, int firstIndex, int count, long seed) {
        Map<String, Object> settings = new HashMap<>(
                BenchTopics.taskPublisherSettings(bootstrapServers, "taskfleet-benchmark-held-loader"));
        settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "taskfleet-benchmark-held-" + topic);
        // Open while the forwarders warm up; the broker's own ceiling (transaction.max.timeout.ms) is 15 min.
        settings.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, HELD_FOR_MS);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings);
        try {
            producer.initTransactions();
            producer.beginTransaction();
            return new HeldBacklog(producer, send(producer, topic, firstIndex, count, seed));
        } catch (RuntimeException e) {
            producer.close();
            throw e;
        }
    }

    /** Tasks sent in a transaction not committed yet. */
    static final class HeldBacklog implements AutoCloseable {

        private final KafkaProducer<byte[], byte[]> producer;
        private final long bytes;

        private HeldBacklog(KafkaProducer<byte[], byte[]> producer, long bytes) {
            this.producer = producer;
            this.bytes = bytes;
        }

        /** The total size of the values sent, bytes. */
        long bytes() {
            return bytes;
        }

        /** Commits the transaction: every task becomes visible at once. */
        void release() {
            producer.commitTransaction();
        }

        @Override
        public void close() {
            producer.close();
        }
    }

    private static long send(KafkaProducer<byte[], byte[]> producer, String topic, int firstIndex, int count,
            long seed) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        long[] bytes = {0};
        forEachTask(firstIndex, count, seed, task -> {
            byte[] value = EventCodec.encode(task).getBytes(StandardCharsets.UTF_8);
            bytes[0] += value.length;
            producer.send(new ProducerRecord<>(topic, task.id().getBytes(StandardCharsets.UTF_8), value),
                    (metadata, exception) -> {
                        if (exception != null) {
                            failure.compareAndSet(null, exception);
                        }
                    });
        });
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("pre-loading " + topic + " failed", failure.get());
        }
        return bytes[0];
    }

    /** The tasks {@link #load} and {@link #hold} send, in order, generated again from the same seed. */
    static void forEachTask(int firstIndex, int count, long seed, Consumer<Task> action) {
        for (int chunk = 0; chunk * CHUNK < count; chunk++) {
            int size = Math.min(CHUNK, count - chunk * CHUNK);
            int index = firstIndex + chunk * CHUNK;
            for (Task mixed : PolicyTaskMix.tasks(size, seed + chunk)) {
                action.accept(renumbered(mixed, index++));
            }
        }
    }

    /** The index a task id of {@link #renumbered} carries. */
    static int index(String taskId) {
        return Integer.parseInt(taskId.substring(ID_PREFIX.length()));
    }

    static Task renumbered(Task task, int index) {
        return new Task(task.schemaVersion(), String.format(ID_PREFIX + "%07d", index), task.batchId(), task.type(),
                task.prompt(), task.tierHint(), task.labels(), task.createdAt(), task.team(), task.run(), task.expect());
    }
}
