package dev.taskfleet.benchmarks.forwarding;

import dev.taskfleet.benchmarks.BenchTopics;
import dev.taskfleet.benchmarks.policy.PolicyTaskMix;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.Task;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Pre-loads {@code <prefix>.tasks} with tasks of {@link PolicyTaskMix} (the default policy's mix:
 * both tiers, every rule), keyed by task id as the producer service does. Generated in chunks so
 * a large count needs little memory; chunk {@code c} uses seed {@code seed + c}, and ids are
 * renumbered {@code task-0000000}... so they stay unique.
 */
final class TaskLoader {

    static final int CHUNK = 10_000;

    private TaskLoader() {
    }

    /** @return the total size of the values sent, bytes */
    static long load(String bootstrapServers, String topic, int count, long seed) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        long[] bytes = {0};
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                BenchTopics.taskPublisherSettings(bootstrapServers, "taskfleet-benchmark-loader"))) {
            forEachTask(count, seed, task -> {
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
        }
        if (failure.get() != null) {
            throw new IllegalStateException("pre-loading " + topic + " failed", failure.get());
        }
        return bytes[0];
    }

    /** The tasks {@link #load} sends, in order, generated again from the same seed. */
    static void forEachTask(int count, long seed, Consumer<Task> action) {
        for (int chunk = 0; chunk * CHUNK < count; chunk++) {
            int size = Math.min(CHUNK, count - chunk * CHUNK);
            int index = chunk * CHUNK;
            for (Task mixed : PolicyTaskMix.tasks(size, seed + chunk)) {
                action.accept(renumbered(mixed, index++));
            }
        }
    }

    static Task renumbered(Task task, int index) {
        return new Task(task.schemaVersion(), String.format("task-%07d", index), task.batchId(), task.type(),
                task.prompt(), task.tierHint(), task.labels(), task.createdAt(), task.team(), task.run(), task.expect());
    }
}
