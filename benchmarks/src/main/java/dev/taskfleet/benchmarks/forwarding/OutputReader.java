package dev.taskfleet.benchmarks.forwarding;

import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads whole output topics with a group-less read_committed consumer up to their end offsets
 * and returns every record's append time, sorted, and the topic each key was found on. Aborted
 * records and transaction markers are skipped, so what it returns is what a worker would see.
 */
public final class OutputReader {

    private static final Duration POLL = Duration.ofMillis(500);

    private OutputReader() {
    }

    /**
     * What the output topics hold.
     *
     * @param appendTimes  every record's append time, sorted
     * @param topicsByKey  the topics each record key (a task id) was found on, once per record
     */
    public record Output(long[] appendTimes, Map<String, List<String>> topicsByKey) {
    }

    /** @throws IllegalStateException if a topic does not stamp its records with {@code LogAppendTime} */
    public static Output read(String bootstrapServers, List<String> topics) {
        long[][] times = {new long[1024]};
        int[] count = {0};
        Map<String, List<String>> topicsByKey = new HashMap<>();
        scan(bootstrapServers, topics, record -> {
            if (record.timestampType() != TimestampType.LOG_APPEND_TIME) {
                throw new IllegalStateException(record.topic() + " is not a LogAppendTime topic");
            }
            if (count[0] == times[0].length) {
                times[0] = Arrays.copyOf(times[0], count[0] * 2);
            }
            times[0][count[0]++] = record.timestamp();
            topicsByKey.computeIfAbsent(new String(record.key(), StandardCharsets.UTF_8), key -> new ArrayList<>(1))
                    .add(record.topic());
        });
        long[] sorted = Arrays.copyOf(times[0], count[0]);
        Arrays.sort(sorted);
        return new Output(sorted, topicsByKey);
    }

    /**
     * Passes every record of {@code topics} (read_committed, from the beginning to the end offsets
     * of when it starts) to {@code action}, in each partition's order.
     */
    public static void scan(String bootstrapServers, List<String> topics,
                            Consumer<ConsumerRecord<byte[], byte[]>> action) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "taskfleet-benchmark-output",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000,
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
