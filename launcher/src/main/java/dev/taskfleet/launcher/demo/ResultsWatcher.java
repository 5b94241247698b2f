package dev.taskfleet.launcher.demo;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.EventDecodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the results topic from the beginning into a {@link BatchProgress}, with a plain consumer
 * that has no group (nothing is committed; every run reads everything) and sees only committed
 * transactional writes.
 *
 * <p>Until the topic exists (the services create it at start-up) polls return nothing.
 * Not thread-safe, like the consumer it wraps; the caller closes it.
 */
public final class ResultsWatcher implements AutoCloseable {

    private final String topic;
    private final KafkaConsumer<String, String> consumer;
    private boolean assigned;
    private int undecodable;

    public ResultsWatcher(String bootstrapServers, String topic) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "taskfleet-launcher-results",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer());
    }

    /**
     * Waits up to {@code timeout} for results and counts those of the progress's batch.
     *
     * @return how many new results were counted
     */
    public int pollInto(BatchProgress progress, Duration timeout) {
        if (!assigned && !assign(timeout)) {
            return 0;
        }
        int counted = 0;
        for (ConsumerRecord<String, String> record : consumer.poll(timeout)) {
            try {
                if (progress.record(EventCodec.decodeResult(record.value()), Instant.ofEpochMilli(record.timestamp()))) {
                    counted++;
                }
            } catch (EventDecodingException e) {
                // Not ours to handle; a broken result only means this task is never counted.
                undecodable++;
            }
        }
        return counted;
    }

    /** Records on the topic that were not readable results. */
    public int undecodable() {
        return undecodable;
    }

    private boolean assign(Duration timeout) {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                return false;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            assigned = true;
            return true;
        } catch (KafkaException e) {
            return false;
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
