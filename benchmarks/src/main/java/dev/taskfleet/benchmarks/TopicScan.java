package dev.taskfleet.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads whole topics after a run with a group-less consumer, from the beginning to the end offsets
 * they had when the scan started, every partition in its order: how the harnesses check and time
 * what a run left behind.
 */
public final class TopicScan {

    /** Which records a scan sees. */
    public enum Isolation {
        /** What a worker or a read_committed forwarder sees: aborted records and markers skipped. */
        COMMITTED("read_committed"),
        /** Every record as written, at the time it was written, whatever became of its transaction. */
        UNCOMMITTED("read_uncommitted");

        private final String setting;

        Isolation(String setting) {
            this.setting = setting;
        }
    }

    private static final Duration POLL = Duration.ofMillis(500);
    private static final int RECORDS_PER_POLL = 5_000;

    private TopicScan() {
    }

    /** Passes every record of {@code topics} that {@code isolation} lets through to {@code action}. */
    public static void scan(String bootstrapServers, List<String> topics, Isolation isolation,
            Consumer<ConsumerRecord<byte[], byte[]>> action) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "taskfleet-benchmark-scan",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.setting,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, RECORDS_PER_POLL,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    action.accept(record);
                }
            }
        }
    }
}
