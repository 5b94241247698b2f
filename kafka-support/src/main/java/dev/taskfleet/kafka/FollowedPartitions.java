package dev.taskfleet.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * The partitions a {@link TopicFollower} reads: all of its topics' partitions, assigned without a
 * group, started where the caller chose, and looked up again every discovery interval so that
 * partitions added later are assigned and read from their beginning.
 *
 * <p>Used on the reading thread only. Every step is safe to repeat after a retriable error:
 * nothing is remembered until the step has finished.
 */
final class FollowedPartitions {

    private final List<String> topics;
    private final Duration discovery;
    private Set<TopicPartition> assigned;
    private long nextDiscovery;

    FollowedPartitions(List<String> topics, Duration discovery) {
        this.topics = topics;
        this.discovery = discovery;
    }

    /** {@code true} once {@link #assignAtStart} has finished. */
    boolean started() {
        return assigned != null;
    }

    Set<TopicPartition> assigned() {
        return assigned;
    }

    /**
     * Assigns every partition of the topics and seeks each to {@code startAt}.
     *
     * @return the end offsets of those partitions now, which the reader catches up with
     */
    Map<TopicPartition, Long> assignAtStart(Consumer<byte[], byte[]> c, StartPosition startAt, Clock clock) {
        List<TopicPartition> partitions = partitionsOf(c);
        c.assign(partitions);
        if (startAt instanceof StartPosition.Beginning) {
            c.seekToBeginning(partitions);
        } else if (startAt instanceof StartPosition.End) {
            c.seekToEnd(partitions);
        } else if (startAt instanceof StartPosition.At at) {
            c.seekToBeginning(partitions);
            at.offsets().forEach((partition, offset) -> {
                if (partitions.contains(partition)) {
                    c.seek(partition, offset);
                }
            });
        } else {
            Duration window = ((StartPosition.LookBack) startAt).window();
            seekToLookBack(c, partitions, clock.instant().minus(window).toEpochMilli());
        }
        Map<TopicPartition, Long> ends = c.endOffsets(partitions);
        assigned = new HashSet<>(partitions);
        nextDiscovery = System.nanoTime() + discovery.toNanos();
        return ends;
    }

    private static void seekToLookBack(Consumer<byte[], byte[]> c, List<TopicPartition> partitions, long since) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, since));
        Map<TopicPartition, OffsetAndTimestamp> starts = c.offsetsForTimes(query);
        List<TopicPartition> nothingThatRecent = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp start = starts.get(partition);
            if (start == null) {
                nothingThatRecent.add(partition);
            } else {
                c.seek(partition, start.offset());
            }
        }
        if (!nothingThatRecent.isEmpty()) {
            // An empty list would mean every assigned partition.
            c.seekToEnd(nothingThatRecent);
        }
    }

    /**
     * When the discovery interval has passed, looks the partitions up again and assigns new
     * ones from their beginning.
     *
     * @return the partitions added, usually none
     */
    List<TopicPartition> discoverIfDue(Consumer<byte[], byte[]> c) {
        if (System.nanoTime() - nextDiscovery < 0) {
            return List.of();
        }
        List<TopicPartition> added = partitionsOf(c).stream().filter(p -> !assigned.contains(p)).toList();
        nextDiscovery = System.nanoTime() + discovery.toNanos();
        if (added.isEmpty()) {
            return added;
        }
        Set<TopicPartition> all = new HashSet<>(assigned);
        all.addAll(added);
        // Re-assigning keeps the positions of the partitions already assigned.
        c.assign(all);
        c.seekToBeginning(added);
        assigned = all;
        return added;
    }

    private List<TopicPartition> partitionsOf(Consumer<byte[], byte[]> c) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            c.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        return partitions;
    }
}
