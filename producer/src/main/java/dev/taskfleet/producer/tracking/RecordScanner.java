package dev.taskfleet.producer.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads chosen stretches of a topic once, with a short-lived assigning reader: either exactly
 * the records at known offsets, or everything from a point in time up to the end offsets seen
 * at the start. Records are handed over one at a time, so nothing is held beyond one poll.
 */
public final class RecordScanner {

    /** Receives each record; may throw to abort the scan (for example when the client went away). */
    @FunctionalInterface
    public interface RecordSink {
        void accept(ConsumerRecord<byte[], byte[]> record) throws Exception;
    }

    private static final Duration POLL = Duration.ofMillis(200);

    private final Map<String, Object> readerConfig;
    private final Duration stallTimeout;

    /**
     * @param readerConfig settings of an assigning, read_committed reader with byte-array deserializers
     * @param stallTimeout how long a scan may go without progress before it fails
     */
    public RecordScanner(Map<String, Object> readerConfig, Duration stallTimeout) {
        this.readerConfig = readerConfig;
        this.stallTimeout = stallTimeout;
    }

    /**
     * Hands over exactly the records at {@code offsets} (partition to ascending offsets), in
     * offset order per partition.
     */
    public void scanSelected(String topic, Map<Integer, long[]> offsets, RecordSink sink) throws Exception {
        Map<TopicPartition, long[]> wanted = new HashMap<>();
        offsets.forEach((partition, list) -> wanted.put(new TopicPartition(topic, partition), list));
        scanSelected(wanted, sink);
    }

    /**
     * Hands over exactly the records at {@code offsets} (partition of any topic to ascending
     * offsets), in offset order per partition.
     */
    public void scanSelected(Map<TopicPartition, long[]> offsets, RecordSink sink) throws Exception {
        Map<TopicPartition, long[]> wanted = new HashMap<>();
        offsets.forEach((partition, list) -> {
            if (list.length > 0) {
                wanted.put(partition, list);
            }
        });
        if (wanted.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> start = new HashMap<>();
        Map<TopicPartition, Long> stop = new HashMap<>();
        wanted.forEach((tp, list) -> {
            start.put(tp, list[0]);
            stop.put(tp, list[list.length - 1] + 1);
        });
        scan(start, stop, record -> {
            long[] list = wanted.get(new TopicPartition(record.topic(), record.partition()));
            if (Arrays.binarySearch(list, record.offset()) >= 0) {
                sink.accept(record);
            }
        });
    }

    /**
     * Hands over every record in the given stretches of {@code topic}: per partition, from the
     * first to the last offset, both included, in offset order.
     */
    public void scanRanges(String topic, Map<Integer, long[]> ranges, RecordSink sink) throws Exception {
        Map<TopicPartition, Long> start = new HashMap<>();
        Map<TopicPartition, Long> stop = new HashMap<>();
        ranges.forEach((partition, range) -> {
            TopicPartition tp = new TopicPartition(topic, partition);
            start.put(tp, range[0]);
            stop.put(tp, range[1] + 1);
        });
        if (!start.isEmpty()) {
            scan(start, stop, sink);
        }
    }

    /** Hands over every record of {@code topic} written at or after {@code from}, up to the current end. */
    public void scanFrom(String topic, Instant from, RecordSink sink) throws Exception {
        scanFrom(List.of(topic), from, sink);
    }

    /**
     * Hands over every record of the {@code topics} written at or after {@code from}, up to the
     * current end, in offset order per partition (and in no set order across partitions).
     */
    public void scanFrom(List<String> topics, Instant from, RecordSink sink) throws Exception {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(readerConfig)) {
            Map<TopicPartition, Long> query = new HashMap<>();
            for (String topic : topics) {
                for (PartitionInfo info : consumer.partitionsFor(topic, stallTimeout)) {
                    query.put(new TopicPartition(topic, info.partition()), from.toEpochMilli());
                }
            }
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, stallTimeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(query.keySet(), stallTimeout);
            Map<TopicPartition, Long> start = new HashMap<>();
            found.forEach((tp, at) -> {
                if (at != null) {
                    start.put(tp, at.offset());
                }
            });
            Map<TopicPartition, Long> stop = start.keySet().stream().collect(Collectors.toMap(tp -> tp, end::get));
            scan(consumer, start, stop, sink);
        }
    }

    private void scan(Map<TopicPartition, Long> start, Map<TopicPartition, Long> stop, RecordSink sink) throws Exception {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(readerConfig)) {
            scan(consumer, start, stop, sink);
        }
    }

    private void scan(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> start,
                      Map<TopicPartition, Long> stop, RecordSink sink) throws Exception {
        List<TopicPartition> open = new ArrayList<>();
        start.forEach((tp, offset) -> {
            if (offset < stop.get(tp)) {
                open.add(tp);
            }
        });
        consumer.assign(open);
        open.forEach(tp -> consumer.seek(tp, start.get(tp)));
        long lastProgress = System.nanoTime();
        while (!open.isEmpty()) {
            boolean progressed = false;
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < stop.getOrDefault(tp, 0L)) {
                    sink.accept(record);
                }
                progressed = true;
            }
            Set<TopicPartition> done = open.stream()
                    .filter(tp -> consumer.position(tp) >= stop.get(tp))
                    .collect(Collectors.toSet());
            if (!done.isEmpty()) {
                open.removeAll(done);
                consumer.assign(open);
                progressed = true;
            }
            if (progressed) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
                throw new IllegalStateException("reading " + open + " made no progress for " + stallTimeout);
            }
        }
    }
}
