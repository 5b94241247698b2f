package dev.taskfleet.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning on a background thread and keeps every record, so a test can
 * wait for what it expects ({@code await().until(() -> collector.size() >= n)}) and then
 * assert on all of it, duplicates included. Reads read_committed, as the fleet's readers do;
 * {@link #includingAborted} also sees what aborted transactions wrote, to show that a
 * transaction did write (and abort) something. Close it at the end of the test.
 */
public class TopicCollector implements AutoCloseable {

    private final String topic;
    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> records = new CopyOnWriteArrayList<>();
    /** The consumer's position per assigned partition after its last poll: how far it has read. */
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    /** Partition and offset of every record kept, read only by the polling thread. */
    private final Set<String> read = new HashSet<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread poller;

    public TopicCollector(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, "read_committed");
    }

    private TopicCollector(String bootstrapServers, String topic, String isolationLevel) {
        this.topic = topic;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-collector-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(topic));
        this.poller = new Thread(this::poll, "collector-" + topic);
        poller.setDaemon(true);
        poller.start();
    }

    /** A collector that reads read_uncommitted: records of aborted transactions included. */
    public static TopicCollector includingAborted(String bootstrapServers, String topic) {
        return new TopicCollector(bootstrapServers, topic, "read_uncommitted");
    }

    private void poll() {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    // A group that lost its members while the broker was away starts again from
                    // the beginning (nothing is committed): a record read twice is not a second copy.
                    if (read.add(new TopicPartition(record.topic(), record.partition()) + "@" + record.offset())) {
                        records.add(record);
                        onRecord(record);
                    }
                }
                for (TopicPartition partition : consumer.assignment()) {
                    positions.put(partition, consumer.position(partition));
                }
            }
        } catch (WakeupException e) {
            // close() woke us up
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Called on the polling thread for every record, in order; subclasses decode here. */
    protected void onRecord(ConsumerRecord<String, String> record) {
    }

    public String topic() {
        return topic;
    }

    public int size() {
        return records.size();
    }

    /**
     * Whether this collector has read every partition up to {@code offsets} (for instance the
     * topic's last stable offsets, taken from the broker): then {@link #records()} holds everything
     * committed before them, whatever the polling thread's lag.
     */
    public boolean caughtUpTo(Map<TopicPartition, Long> offsets) {
        return offsets.entrySet().stream()
                .allMatch(end -> positions.getOrDefault(end.getKey(), -1L) >= end.getValue());
    }

    public List<ConsumerRecord<String, String>> records() {
        return new ArrayList<>(records);
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
