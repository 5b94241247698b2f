package dev.taskfleet.producer.tracking;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.EventDecodingException;
import dev.taskfleet.contract.ProviderBatchRequest;
import dev.taskfleet.contract.ResultSummaryCodec;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.StartPosition;
import dev.taskfleet.kafka.TopicFollower;
import dev.taskfleet.producer.progress.BatchLedger;
import dev.taskfleet.producer.progress.SealedResultsUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Reads ALL partitions of {@code <prefix>.batches}, {@code <prefix>.results} and
 * {@code <prefix>.provider-batches} (what waits at a provider; created by the workers of batch
 * tiers, so absent, and read as empty, in a fleet without one) from the beginning, without a consumer group, and applies every record to a {@link BatchLedger}. Every
 * replica runs one, so each holds the whole state, rebuilt from the log after a restart.
 *
 * <p>The reading is kafka-support's {@link TopicFollower}: it is {@linkplain #caughtUp() caught
 * up} once it has read to the end offsets it saw at start; a writer that wants to read its own
 * write (a batch event it just published) waits with {@link #awaitApplied}; partitions added to
 * the topics later are found and read from their beginning. Retriable Kafka errors are ridden
 * out; any other error stops the tracker for good and is reported by {@link #failure()}, which
 * liveness turns into a restart. A batch event of a type this build does not know (written by a
 * newer service) is skipped quietly; a record that cannot be read at all is skipped with a
 * warning and counted. Results are read as {@link dev.taskfleet.contract.ResultSummary summaries},
 * their answers skipped unread: the ledger only counts them, and answers are most of their bytes.
 * A finished batch's slots are dropped and read back from the results topic when a retry reopens
 * it ({@link BatchLedger}); if that read fails the tracker stops (a restart reads everything
 * again), and if retention deleted some of them the record is skipped with a warning.
 *
 * <p><b>Checkpoints.</b> With {@link Checkpointing} on, the tracker first looks for the newest
 * checkpoint on {@code <prefix>.tracker-checkpoints}; if there is one whose positions the topics
 * still have, the ledger takes it over and the reading starts at its positions (provider batches,
 * and partitions added since, from their beginning), so a start reads what was written since the
 * checkpoint, not the whole history. Anything wrong with a checkpoint (unreadable, of another
 * version, ahead of a topic's end because the topics were made anew) means a replay from the
 * beginning, which is always right. Once caught up, and then every interval, the tracker writes
 * its own: the ledger's snapshot with the positions it reflects, both taken between two polls on
 * the reading thread, so no record is in one and not the other; and one more at {@link #close()}.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #close()} once.
 */
public final class BatchTracker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BatchTracker.class);

    /** The last checkpoint's write, and then the writer's close, each wait this long at most (shutdown). */
    private static final Duration FINAL_CHECKPOINT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Where and how often checkpoints are written and read.
     *
     * @param topic    {@code <prefix>.tracker-checkpoints}
     * @param interval between two checkpoints of this replica
     * @param producer makes the writer's producer (byte-array keys and values); {@code null}: this
     *                 replica takes checkpoints over but writes none
     * @param writerId this replica's name in the chunks' keys, unique among the replicas
     * @param topicIds looks up the ids Kafka gave topics by name (absent: the topic does not exist); a
     *                 checkpoint is taken over only while {@code batches} and {@code results} have the
     *                 ids it was written with
     */
    public record Checkpointing(String topic, Duration interval, Supplier<Producer<byte[], byte[]>> producer,
            String writerId, Function<Set<String>, Map<String, String>> topicIds) {
    }

    private final TopicNames names;
    private final BatchLedger ledger;
    private final TrackerObserver observer;
    private final TopicFollower follower;
    private final Checkpointing checkpointing;
    private final Set<String> positioned;
    private final CheckpointTakeOver takeOver;
    private volatile CheckpointWriter writer;
    // Reading thread only.
    private boolean firstCheckpointDue = true;
    private long nextCheckpointNanos;
    // Records applied since the positions below were taken: a checkpoint then would count them twice.
    private volatile boolean appliedSincePositions;
    private volatile Map<TopicPartition, Long> positions;

    /**
     * @param readerConfig settings of an assigning, read_committed reader with byte-array deserializers
     * @param names        the fleet's topic names
     * @param ledger       where the records go
     * @param observer     told of duplicates and undecodable records
     */
    public BatchTracker(Map<String, Object> readerConfig, TopicNames names, BatchLedger ledger, TrackerObserver observer) {
        this(readerConfig, names, ledger, observer, null);
    }

    /** @param checkpointing {@code null}: no checkpoints, a replay of the whole history at start */
    public BatchTracker(Map<String, Object> readerConfig, TopicNames names, BatchLedger ledger, TrackerObserver observer,
            Checkpointing checkpointing) {
        this(() -> new KafkaConsumer<>(TopicFollower.consumerSettings(readerConfig,
                (String) readerConfig.get(ConsumerConfig.CLIENT_ID_CONFIG))), names, ledger, observer, checkpointing);
    }

    /** With a consumer of the caller's choosing (tests); the tracker owns and closes it. */
    BatchTracker(Supplier<Consumer<byte[], byte[]>> consumer, TopicNames names, BatchLedger ledger,
            TrackerObserver observer, Checkpointing checkpointing) {
        this.names = names;
        this.ledger = ledger;
        this.observer = observer;
        this.checkpointing = checkpointing;
        this.positioned = Set.of(names.batches(), names.results());
        this.takeOver = checkpointing == null ? null
                : new CheckpointTakeOver(checkpointing, names.results(), positioned, ledger);
        this.follower = TopicFollower.builder("batch-tracker",
                        List.of(names.batches(), names.results(), names.providerBatches()))
                .consumer(consumer)
                .handler(this::apply)
                .startAt(c -> takeOver == null ? StartPosition.beginning() : takeOver.decide(c))
                .afterPoll(this::polled)
                .build();
    }

    /** Starts reading: from the newest checkpoint's positions if there is one, else from the beginning. */
    public void start() {
        if (checkpointing != null && checkpointing.producer() != null) {
            writer = new CheckpointWriter(checkpointing.producer().get(), checkpointing.topic(), checkpointing.writerId(),
                    observer::checkpointWritten);
        }
        follower.start();
    }

    /** After each poll, on the reading thread: the positions the ledger now reflects, and a checkpoint when due. */
    private void polled(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> all) {
        Map<TopicPartition, Long> now = new HashMap<>();
        all.forEach((partition, offset) -> {
            if (positioned.contains(partition.topic())) {
                now.put(partition, offset);
            }
        });
        positions = now;
        appliedSincePositions = false;
        if (writer == null || takeOver.topicIds().isEmpty() || !follower.caughtUp() || !writer.idle()
                || (!firstCheckpointDue && System.nanoTime() - nextCheckpointNanos < 0)) {
            return;
        }
        firstCheckpointDue = false;
        nextCheckpointNanos = System.nanoTime() + checkpointing.interval().toNanos();
        try {
            ledger.dropExpired(CheckpointTakeOver.firstResultOffsets(consumer, names.results(),
                    CheckpointTakeOver.OFFSETS_TIMEOUT));
        } catch (RuntimeException e) {
            // Dropping expired batches can wait for the next checkpoint; the reading cannot.
            LOG.debugf("first offsets of %s not known (%s); expired batches are dropped next time", names.results(),
                    e.getMessage());
        }
        writer.offer(checkpoint(now));
    }

    private TrackerCheckpoint checkpoint(Map<TopicPartition, Long> at) {
        return new TrackerCheckpoint(writer.nextGeneration(), Instant.now(), takeOver.topicIds(), at, ledger.snapshot());
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        appliedSincePositions = true;
        try {
            if (record.topic().equals(names.providerBatches())) {
                applyProviderBatch(record);
            } else if (record.topic().equals(names.batches())) {
                EventCodec.decodeBatchEvent(record.value()).ifPresentOrElse(ledger::apply, () -> LOG.debugf(
                        "skipped %s-%d@%d: a batch event of a type this producer does not know (a newer service's)",
                        record.topic(), record.partition(), record.offset()));
            } else if (!ledger.apply(ResultSummaryCodec.decode(record.value()), record.partition(), record.offset(),
                    Instant.ofEpochMilli(record.timestamp()))) {
                observer.duplicateResult();
            }
        } catch (EventDecodingException e) {
            skipped(record, e.reasonCode() + ": " + e.getMessage());
        } catch (SealedResultsUnavailableException e) {
            if (!e.expired()) {
                // The broker did not give a sealed batch's results back (a retry of it reopens it):
                // counting the record without them would be wrong for good, so stop and let
                // liveness restart the replica, which reads everything again.
                throw e;
            }
            skipped(record, e.getMessage());
        } catch (RuntimeException e) {
            // A decodable but nonsensical record (an ACCEPTED event without a time, say) must not
            // stop the tracker, or every replica would stop at the same record.
            skipped(record, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * Requests (keys {@code <provider batch id>/<custom id>}) carry whole routed tasks and are skipped
     * without decoding: a status needs only the provider batch's counts per taskfleet batch.
     */
    private void applyProviderBatch(ConsumerRecord<byte[], byte[]> record) throws EventDecodingException {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (key == null || ProviderBatchRequest.isRequestKey(key)) {
            return;
        }
        ledger.applyProviderBatch(key, record.value() == null ? null : EventCodec.decodeProviderBatch(record.value()));
    }

    private void skipped(ConsumerRecord<byte[], byte[]> record, String reason) {
        observer.skippedRecord(record.topic());
        LOG.warnf("skipped %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason);
    }

    /** Whether everything that was in the topics at start has been read. */
    public boolean caughtUp() {
        return follower.caughtUp();
    }

    /** Why the tracker stopped, or {@code null} while it runs. */
    public Exception failure() {
        return follower.failure();
    }

    /** Waits until {@link #caughtUp()}; {@code false} if it did not happen in time. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    /**
     * Waits until the record at {@code offset} of {@code partition} has been applied, e.g. a
     * batch event this replica has just written.
     *
     * @return {@code false} if it had not been in time
     */
    public boolean awaitApplied(TopicPartition partition, long offset, Duration timeout) throws InterruptedException {
        return follower.awaitApplied(partition, offset, timeout);
    }

    public BatchLedger ledger() {
        return ledger;
    }

    /**
     * Stops reading, then writes a last checkpoint (so a replica replacing this one in a rolling
     * restart reads only seconds of history) when the tracker had caught up, did not fail, and its
     * positions match its ledger.
     */
    @Override
    public void close() {
        follower.close();
        if (writer == null) {
            return;
        }
        Map<TopicPartition, Long> last = positions;
        if (!follower.isRunning() && follower.failure() == null && follower.caughtUp() && last != null
                && !appliedSincePositions && !takeOver.topicIds().isEmpty()) {
            writer.writeNow(checkpoint(last), FINAL_CHECKPOINT_TIMEOUT);
        }
        writer.close(FINAL_CHECKPOINT_TIMEOUT);
    }
}
