package dev.taskfleet.benchmarks;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.EventDecodingException;
import dev.taskfleet.contract.TaskResult;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code <prefix>.results} from the beginning with a group-less consumer and waits for every
 * result of one batch, noting each result record's timestamp (set by the worker's producer when
 * it sent the result). A task's second result after a redelivery is not counted twice.
 * Not thread-safe; the caller closes it.
 */
public final class ResultsFollower implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, String> consumer;

    /** Assigns every partition of {@code topic}, which must exist (the services create it at start-up). */
    public ResultsFollower(String bootstrapServers, String topic) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "taskfleet-benchmark-results",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        if (partitions.isEmpty()) {
            consumer.close();
            throw new IllegalStateException(topic + " does not exist; the fleet creates it at start-up");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /**
     * Polls until {@code expected} distinct results of {@code batchId} have arrived.
     *
     * @throws IllegalStateException if no new result of the batch arrives for {@code stallTimeout}
     */
    public BatchResults await(String batchId, int expected, Duration stallTimeout) {
        Set<String> seen = new HashSet<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int failed = 0;
        Instant lastProgress = Instant.now();
        while (seen.size() < expected) {
            for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                TaskResult result = decode(record.value());
                if (result == null || !batchId.equals(result.batchId()) || !seen.add(result.taskId())) {
                    continue;
                }
                first = Math.min(first, record.timestamp());
                last = Math.max(last, record.timestamp());
                failed += result.succeeded() ? 0 : 1;
                lastProgress = Instant.now();
            }
            if (Duration.between(lastProgress, Instant.now()).compareTo(stallTimeout) > 0) {
                throw new IllegalStateException("no result of batch " + batchId + " for " + stallTimeout.toSeconds()
                        + " s; " + seen.size() + " of " + expected + " arrived");
            }
        }
        return new BatchResults(seen.size(), failed, first, last);
    }

    private static TaskResult decode(String value) {
        try {
            return value == null ? null : EventCodec.decodeResult(value);
        } catch (EventDecodingException e) {
            // Not this benchmark's to judge; such a record belongs to no batch it waits for.
            return null;
        }
    }

    @Override
    public void close() {
        consumer.close();
    }

    /** The results of one batch: how many, how many FAILED, first and last record timestamp (epoch ms). */
    public record BatchResults(int count, int failed, long firstMs, long lastMs) {
    }
}
