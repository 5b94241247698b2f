package dev.taskfleet.producer.tracking;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.EventDecodingException;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.producer.progress.BatchLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads ALL partitions of {@code <prefix>.batches} and {@code <prefix>.results} from the
 * beginning, without a consumer group, and applies every record to a {@link BatchLedger}. Every
 * replica runs one, so each holds the whole state, rebuilt from the log after a restart.
 *
 * <p>It is {@linkplain #caughtUp() caught up} once it has read to the end offsets it saw at start.
 * A writer that wants to read its own write (a batch event it just published) waits with
 * {@link #awaitApplied}. Partitions are looked up once, at start: topics whose partition count
 * grows later need a restart to be read whole.
 *
 * <p>Retriable Kafka errors (a {@code TimeoutException} while a broker is away, say) are logged
 * and retried with a back-off; any other error stops the tracker for good and is reported by
 * {@link #failure()}, which liveness turns into a restart.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #close()} once; the reading thread owns the consumer.
 */
public final class BatchTracker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BatchTracker.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final Consumer<byte[], byte[]> consumer;
    private final TopicNames names;
    private final BatchLedger ledger;
    private final TrackerObserver observer;
    private final Thread thread;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private Map<TopicPartition, Long> startEnd = Map.of();
    private volatile boolean running = true;
    private boolean caughtUp;
    private Exception failure;

    /**
     * @param readerConfig settings of an assigning, read_committed reader with byte-array deserializers
     * @param names        the fleet's topic names
     * @param ledger       where the records go
     * @param observer     told of duplicates and undecodable records
     */
    public BatchTracker(Map<String, Object> readerConfig, TopicNames names, BatchLedger ledger, TrackerObserver observer) {
        this(new KafkaConsumer<>(readerConfig), names, ledger, observer);
    }

    /** With a consumer of the caller's choosing (tests); the tracker owns and closes it. */
    BatchTracker(Consumer<byte[], byte[]> consumer, TopicNames names, BatchLedger ledger, TrackerObserver observer) {
        this.consumer = consumer;
        this.names = names;
        this.ledger = ledger;
        this.observer = observer;
        this.thread = new Thread(this::run, "batch-tracker");
        thread.setDaemon(true);
    }

    /** Assigns every partition of both topics, notes their end offsets and starts reading. */
    public void start() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(names.batches(), names.results())) {
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        synchronized (this) {
            startEnd = Map.copyOf(end);
            partitions.forEach(tp -> positions.put(tp, 0L));
            caughtUp = isCaughtUp();
        }
        LOG.infof("tracker reading %d partitions of %s and %s", partitions.size(), names.batches(), names.results());
        thread.start();
    }

    private void run() {
        long backoffMs = FIRST_BACKOFF_MS;
        try {
            while (running) {
                try {
                    readOnce();
                    backoffMs = FIRST_BACKOFF_MS;
                } catch (RetriableException e) {
                    // E.g. position() timing out while a broker is away: the consumer keeps its
                    // place, so reading on once the broker is back loses and repeats nothing.
                    LOG.warnf("batch tracker: %s: %s; retrying in %d ms", e.getClass().getSimpleName(), e.getMessage(),
                            backoffMs);
                    if (stopping.await(backoffMs, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                    backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "the batch tracker stopped: %s", e.getMessage());
            synchronized (this) {
                failure = e;
                notifyAll();
            }
        } finally {
            synchronized (this) {
                if (running && failure == null) {
                    // An Error, or an interrupt nobody asked for: stopped all the same.
                    failure = new IllegalStateException("the batch tracker thread ended unexpectedly");
                    notifyAll();
                }
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void readOnce() {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        for (ConsumerRecord<byte[], byte[]> record : records) {
            apply(record);
        }
        Map<TopicPartition, Long> now = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            now.put(tp, consumer.position(tp));
        }
        advance(now);
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        try {
            if (record.topic().equals(names.batches())) {
                ledger.apply(EventCodec.decodeBatchEvent(record.value()));
            } else if (!ledger.apply(EventCodec.decodeResult(record.value()), record.partition(), record.offset(),
                    Instant.ofEpochMilli(record.timestamp()))) {
                observer.duplicateResult();
            }
        } catch (EventDecodingException e) {
            skipped(record, e.reasonCode() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // A decodable but nonsensical record (an ACCEPTED event without a time, say) must not
            // stop the tracker, or every replica would stop at the same record.
            skipped(record, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void skipped(ConsumerRecord<byte[], byte[]> record, String reason) {
        observer.skippedRecord(record.topic());
        LOG.warnf("skipped %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason);
    }

    private synchronized void advance(Map<TopicPartition, Long> now) {
        positions.putAll(now);
        if (!caughtUp && isCaughtUp()) {
            caughtUp = true;
            LOG.info("tracker caught up with the batches and results topics");
        }
        notifyAll();
    }

    private boolean isCaughtUp() {
        return startEnd.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /** Whether everything that was in the topics at start has been read. */
    public synchronized boolean caughtUp() {
        return caughtUp;
    }

    /** Why the tracker stopped, or {@code null} while it runs. */
    public synchronized Exception failure() {
        return failure;
    }

    /** Waits until {@link #caughtUp()}; {@code false} if it did not happen in time. */
    public synchronized boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!caughtUp && failure == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, Duration.ofNanos(left).toMillis()));
        }
        return caughtUp;
    }

    /**
     * Waits until the record at {@code offset} of {@code partition} has been applied, e.g. a
     * batch event this replica has just written.
     *
     * @return {@code false} if it had not been in time
     */
    public synchronized boolean awaitApplied(TopicPartition partition, long offset, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (positions.getOrDefault(partition, 0L) <= offset && failure == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, Duration.ofNanos(left).toMillis()));
        }
        return positions.getOrDefault(partition, 0L) > offset;
    }

    public BatchLedger ledger() {
        return ledger;
    }

    @Override
    public void close() {
        if (!thread.isAlive()) {
            // Never started (or already ended): nobody else will close the consumer.
            if (thread.getState() == Thread.State.NEW) {
                consumer.close(Duration.ofSeconds(5));
            }
            return;
        }
        running = false;
        stopping.countDown();
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
