package dev.taskfleet.producer.tracking;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.EventDecodingException;
import dev.taskfleet.contract.ProviderBatchRequest;
import dev.taskfleet.contract.ResultSummaryCodec;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.TopicFollower;
import dev.taskfleet.producer.progress.BatchLedger;
import dev.taskfleet.producer.progress.SealedResultsUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
 * <p>Lifecycle: {@link #start()} once, {@link #close()} once.
 */
public final class BatchTracker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BatchTracker.class);

    private final TopicNames names;
    private final BatchLedger ledger;
    private final TrackerObserver observer;
    private final TopicFollower follower;

    /**
     * @param readerConfig settings of an assigning, read_committed reader with byte-array deserializers
     * @param names        the fleet's topic names
     * @param ledger       where the records go
     * @param observer     told of duplicates and undecodable records
     */
    public BatchTracker(Map<String, Object> readerConfig, TopicNames names, BatchLedger ledger, TrackerObserver observer) {
        this(() -> new KafkaConsumer<>(TopicFollower.consumerSettings(readerConfig,
                (String) readerConfig.get(ConsumerConfig.CLIENT_ID_CONFIG))), names, ledger, observer);
    }

    /** With a consumer of the caller's choosing (tests); the tracker owns and closes it. */
    BatchTracker(Supplier<Consumer<byte[], byte[]>> consumer, TopicNames names, BatchLedger ledger,
            TrackerObserver observer) {
        this.names = names;
        this.ledger = ledger;
        this.observer = observer;
        this.follower = TopicFollower.builder("batch-tracker",
                        List.of(names.batches(), names.results(), names.providerBatches()))
                .consumer(consumer)
                .handler(this::apply)
                .build();
    }

    /** Starts reading every partition of both topics from the beginning. */
    public void start() {
        follower.start();
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
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

    @Override
    public void close() {
        follower.close();
    }
}
