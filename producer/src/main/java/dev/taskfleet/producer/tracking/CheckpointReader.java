package dev.taskfleet.producer.tracking;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Finds the newest checkpoint written whole on {@code <prefix>.tracker-checkpoints}. Every replica
 * writes one each interval, so the records of the last few intervals hold one unless every replica
 * has been down longer: those are read first (from {@code offsetsForTimes(now - window)}), and
 * only when they hold none is the topic read from its beginning (compaction keeps that to about two
 * checkpoints per replica of the last week, plus the segment being written).
 */
final class CheckpointReader {

    private static final Logger LOG = Logger.getLogger(CheckpointReader.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private CheckpointReader() {
    }

    /**
     * @param window how far back the first read looks, by record time
     * @return the newest checkpoints read whole that decode (up to {@value CheckpointChunks#KEPT}),
     *         newest first; none when there is none, the topic does not exist, or it could not be
     *         read within {@code timeout}
     */
    static List<TrackerCheckpoint> newest(Consumer<byte[], byte[]> consumer, String topic, Duration window,
            Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            return List.of();
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> query = new HashMap<>();
        long since = Instant.now().minus(window).toEpochMilli();
        partitions.forEach(p -> query.put(p, since));
        Map<TopicPartition, OffsetAndTimestamp> recent = consumer.offsetsForTimes(query, timeout);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp from = recent.get(partition);
            consumer.seek(partition, from == null ? ends.get(partition) : from.offset());
        }
        CheckpointChunks.Assembler chunks = new CheckpointChunks.Assembler();
        if (!readTo(consumer, partitions, ends, chunks, deadline, topic)) {
            return List.of();
        }
        if (chunks.newest().isEmpty()) {
            consumer.seekToBeginning(partitions);
            chunks = new CheckpointChunks.Assembler();
            if (!readTo(consumer, partitions, ends, chunks, deadline, topic)) {
                return List.of();
            }
        }
        if (chunks.damaged() > 0) {
            LOG.warnf("%s holds %d records that are not checkpoint chunks; ignored", topic, chunks.damaged());
        }
        List<TrackerCheckpoint> decoded = new ArrayList<>();
        for (byte[] encoded : chunks.newestFirst()) {
            try {
                decoded.add(TrackerCheckpoint.decode(encoded));
            } catch (IOException e) {
                LOG.warnf("a checkpoint on %s cannot be read (%s); trying an older one", topic, e.getMessage());
            }
        }
        return decoded;
    }

    /** Reads every partition up to {@code ends} into {@code chunks}; {@code false} if the deadline passed first. */
    private static boolean readTo(Consumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
            Map<TopicPartition, Long> ends, CheckpointChunks.Assembler chunks, long deadline, String topic) {
        while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
            if (System.nanoTime() - deadline > 0) {
                LOG.warnf("%s not read in time: starting without a checkpoint", topic);
                return false;
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                chunks.add(record.value());
            }
        }
        return true;
    }
}
