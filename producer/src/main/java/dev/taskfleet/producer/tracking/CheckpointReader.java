package dev.taskfleet.producer.tracking;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Finds the newest checkpoint written whole on {@code <prefix>.tracker-checkpoints}: reads the
 * topic from its beginning to the end it had when asked (compaction keeps it to about two
 * checkpoints per replica of the last week) and {@linkplain CheckpointChunks.Assembler assembles}
 * the chunks.
 */
final class CheckpointReader {

    private static final Logger LOG = Logger.getLogger(CheckpointReader.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private CheckpointReader() {
    }

    /**
     * @return the newest checkpoint read whole; empty when there is none, the topic does not
     *         exist, or it could not be read within {@code timeout}
     */
    static Optional<TrackerCheckpoint> newest(Consumer<byte[], byte[]> consumer, String topic, Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            return Optional.empty();
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        CheckpointChunks.Assembler chunks = new CheckpointChunks.Assembler();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
            if (System.nanoTime() - deadline > 0) {
                LOG.warnf("%s not read within %d s: starting without a checkpoint", topic, timeout.toSeconds());
                return Optional.empty();
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                chunks.add(record.value());
            }
        }
        if (chunks.damaged() > 0) {
            LOG.warnf("%s holds %d records that are not checkpoint chunks; ignored", topic, chunks.damaged());
        }
        Optional<byte[]> newest = chunks.newest();
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(TrackerCheckpoint.decode(newest.get()));
        } catch (java.io.IOException e) {
            LOG.warnf("checkpoint %s on %s cannot be read (%s): starting without a checkpoint",
                    chunks.newestGeneration(), topic, e.getMessage());
            return Optional.empty();
        }
    }
}
