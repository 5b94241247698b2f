package dev.taskfleet.producer.tracking;

import dev.taskfleet.kafka.StartPosition;
import dev.taskfleet.producer.progress.BatchLedger;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.jboss.logging.Logger;

/**
 * How a starting tracker decides where to read from: it looks for the newest checkpoints, checks
 * each against the topics as they are now (same topic ids, every named partition there, every
 * position between what retention kept and the end), and the first that passes is restored into
 * the still empty ledger, last, after every Kafka call, so that nothing can fail once it has been.
 * Anything else, a checkpoint that fails a check, an error that is not retriable, or retriable
 * errors for longer than {@link #SEARCH_TIMEOUT}, means reading from the beginning, which is always
 * right. Used on the tracker's reading thread only.
 */
final class CheckpointTakeOver {

    /** How long a start keeps looking for a checkpoint (retriable errors included) before it reads everything. */
    static final Duration SEARCH_TIMEOUT = Duration.ofSeconds(30);
    /** How long the first offsets of the results partitions are waited for. */
    static final Duration OFFSETS_TIMEOUT = Duration.ofSeconds(5);
    /** Intervals of checkpoints a start reads first: enough for a replica's write to be late. */
    private static final int RECENT_INTERVALS = 3;
    private static final Logger LOG = Logger.getLogger(CheckpointTakeOver.class);

    private final BatchTracker.Checkpointing settings;
    private final String results;
    private final Set<String> positioned;
    private final BatchLedger ledger;
    private StartPosition decided;
    private long deadline;
    private boolean searching;
    private volatile Map<String, String> topicIds = Map.of();

    /**
     * @param positioned the topics a checkpoint has positions of ({@code batches} and {@code results})
     */
    CheckpointTakeOver(BatchTracker.Checkpointing settings, String results, Set<String> positioned, BatchLedger ledger) {
        this.settings = settings;
        this.results = results;
        this.positioned = Set.copyOf(positioned);
        this.ledger = ledger;
    }

    /** Where to start; decided once (a retriable error thrown here makes the follower ask again). */
    StartPosition decide(Consumer<byte[], byte[]> consumer) {
        if (decided != null) {
            return decided;
        }
        if (!searching) {
            searching = true;
            deadline = System.nanoTime() + SEARCH_TIMEOUT.toNanos();
        }
        try {
            topicIds = lookUpTopicIds();
            if (!topicIds.isEmpty()) {
                List<TrackerCheckpoint> newestFirst = CheckpointReader.newest(consumer, settings.topic(),
                        settings.interval().multipliedBy(RECENT_INTERVALS), remaining());
                for (TrackerCheckpoint checkpoint : newestFirst) {
                    Optional<StartPosition> at = takeOver(consumer, checkpoint);
                    if (at.isPresent()) {
                        decided = at.get();
                        return decided;
                    }
                }
            }
        } catch (RetriableException e) {
            if (System.nanoTime() - deadline < 0) {
                throw e;
            }
            LOG.warnf("no checkpoint found within %d s (%s): reading the whole history", SEARCH_TIMEOUT.toSeconds(),
                    e.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf("no checkpoint taken over (%s: %s): reading the whole history", e.getClass().getSimpleName(),
                    e.getMessage());
        }
        decided = StartPosition.beginning();
        return decided;
    }

    /** The positioned topics' ids as the broker gave them at start; empty if it did not (then no checkpoint is written). */
    Map<String, String> topicIds() {
        return topicIds;
    }

    private Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private Map<String, String> lookUpTopicIds() {
        Map<String, String> ids = settings.topicIds().apply(positioned);
        if (ids.keySet().equals(positioned)) {
            return Map.copyOf(ids);
        }
        LOG.warnf("no topic ids for %s: checkpoints are neither taken over nor written", positioned);
        return Map.of();
    }

    private Optional<StartPosition> takeOver(Consumer<byte[], byte[]> consumer, TrackerCheckpoint checkpoint) {
        if (!checkpoint.topicIds().equals(topicIds)) {
            return ignored(checkpoint, "it was written for topics " + checkpoint.topicIds() + ", not for " + topicIds
                    + " (the topics were deleted and made anew)");
        }
        Map<TopicPartition, Long> from = new HashMap<>();
        checkpoint.positions().forEach((partition, offset) -> {
            if (positioned.contains(partition.topic())) {
                from.put(partition, offset);
            }
        });
        Set<TopicPartition> existing = new HashSet<>();
        for (String topic : positioned) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos != null) {
                infos.forEach(info -> existing.add(new TopicPartition(topic, info.partition())));
            }
        }
        if (!existing.containsAll(from.keySet())) {
            return ignored(checkpoint, "it names partitions the topics do not have");
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(from.keySet(), remaining());
        Map<TopicPartition, Long> starts = consumer.beginningOffsets(from.keySet(), remaining());
        for (Map.Entry<TopicPartition, Long> position : from.entrySet()) {
            long offset = position.getValue();
            Long end = ends.get(position.getKey());
            Long first = starts.get(position.getKey());
            if (end == null || first == null || offset < 0 || offset > end) {
                return ignored(checkpoint, position.getKey() + " ends at " + end + ", before the checkpoint's position "
                        + offset);
            }
            if (offset < first) {
                // The records between the checkpoint and what retention kept are gone: reading on would miss them.
                return ignored(checkpoint, position.getKey() + " starts at " + first + " now, after the checkpoint's "
                        + "position " + offset + " (retention deleted what came after it)");
            }
        }
        Map<Integer, Long> firstResults = firstResultOffsets(consumer, results, remaining());
        StartPosition at = StartPosition.at(from);
        int batches;
        try {
            batches = ledger.restore(checkpoint.ledger());
        } catch (IOException e) {
            return ignored(checkpoint, e.getMessage());
        }
        int dropped = ledger.dropExpired(firstResults);
        LOG.infof("batch tracking took over checkpoint %s of %s (%d batches, %d of them dropped as retention deleted "
                + "their results); reading on from its positions", checkpoint.generation(), checkpoint.writtenAt(),
                batches, dropped);
        return Optional.of(at);
    }

    /** The first offset still on each results partition: below it, retention has deleted the results. */
    static Map<Integer, Long> firstResultOffsets(Consumer<byte[], byte[]> consumer, String results, Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(results, timeout);
        Map<Integer, Long> first = new HashMap<>();
        if (infos == null || infos.isEmpty()) {
            return first;
        }
        consumer.beginningOffsets(infos.stream().map(i -> new TopicPartition(results, i.partition())).toList(), timeout)
                .forEach((partition, offset) -> first.put(partition.partition(), offset));
        return first;
    }

    private static Optional<StartPosition> ignored(TrackerCheckpoint checkpoint, String why) {
        LOG.warnf("checkpoint %s not taken over: %s", checkpoint.generation(), why);
        return Optional.empty();
    }
}
