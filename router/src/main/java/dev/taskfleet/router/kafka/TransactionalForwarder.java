package dev.taskfleet.router.kafka;

import dev.taskfleet.kafka.Backoff;
import dev.taskfleet.router.metrics.RouterMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The router's consume-decide-produce loop, exactly once: each polled batch is forwarded inside
 * one Kafka transaction that also commits the batch's consumer offsets. Either the outputs and
 * the offsets become visible together, or neither does and the batch is read again.
 *
 * <p>Plain Kafka clients on one thread rather than SmallRye's {@code KafkaTransactions}: in
 * SmallRye 4.33 a failed commit is logged and aborted but the returned {@code Uni} succeeds, so
 * the consumer is not rewound and the next batch's offsets would commit past the aborted
 * records. Here every abort rewinds the consumer to the last committed offsets (nothing is
 * skipped), and a fatal producer error (fenced by a newer instance, authorisation) stops the
 * loop and turns liveness DOWN so the pod restarts rather than idling.
 *
 * <p>Each transaction also writes the ROUTED tallies of the batches whose tasks it placed
 * ({@link RecordForwarding#tallyRecords}), so the producer's per-tier totals count every placement
 * exactly once. A bad record never fails a transaction: {@link RecordForwarding} dead-letters it inside it.
 * What happens to an input whose transaction keeps aborting is {@link FailingRecordPolicy}'s
 * call. Between aborts the loop waits the fleet's {@link Backoff}, so a broker outage is not
 * hammered in a tight loop and a passing failure is retried soon.
 *
 * <p>Lifecycle: {@link #run()} on its own thread owns both clients and closes them;
 * {@link #stop()} from any thread.
 */
final class TransactionalForwarder implements Runnable {

    private static final Logger LOG = Logger.getLogger(TransactionalForwarder.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /** Waits after an aborted transaction: 200 ms doubling to 2 s, about ten seconds over ten aborts. */
    private static final Backoff RETRY_BACKOFF = Backoff.exponential(Duration.ofMillis(200), Duration.ofSeconds(2));

    private final Supplier<Consumer<byte[], byte[]>> consumerFactory;
    private final Supplier<Producer<byte[], byte[]>> producerFactory;
    private final RecordForwarding forwarding;
    private final RouterMetrics metrics;
    private final CountDownLatch startGate;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Backoff.Attempts aborts;
    private final FailingRecordPolicy failingRecords;
    private volatile boolean running = true;
    private volatile boolean started;
    private volatile String failure;
    private volatile Consumer<byte[], byte[]> consumer;

    /**
     * @param startGate opened when the loop may start consuming (adaptive state rebuilt)
     */
    TransactionalForwarder(Supplier<Consumer<byte[], byte[]>> consumerFactory,
            Supplier<Producer<byte[], byte[]>> producerFactory, RecordForwarding forwarding, RouterMetrics metrics,
            CountDownLatch startGate) {
        this(consumerFactory, producerFactory, forwarding, metrics, startGate, RETRY_BACKOFF,
                FailingRecordPolicy.MAX_ABORTED_ATTEMPTS);
    }

    /** With another back-off and abort limit, so tests need not wait ten seconds. */
    TransactionalForwarder(Supplier<Consumer<byte[], byte[]>> consumerFactory,
            Supplier<Producer<byte[], byte[]>> producerFactory, RecordForwarding forwarding, RouterMetrics metrics,
            CountDownLatch startGate, Backoff retryBackoff, int maxAbortedAttempts) {
        this.consumerFactory = consumerFactory;
        this.producerFactory = producerFactory;
        this.forwarding = forwarding;
        this.metrics = metrics;
        this.startGate = startGate;
        this.aborts = retryBackoff.attempts();
        this.failingRecords = new FailingRecordPolicy(maxAbortedAttempts);
    }

    @Override
    public void run() {
        try {
            startGate.await();
            if (!running) {
                return;
            }
            try (Consumer<byte[], byte[]> c = consumerFactory.get(); Producer<byte[], byte[]> producer = producerFactory.get()) {
                consumer = c;
                // Fences an earlier producer with our transactional.id and aborts what it left open,
                // so read_committed readers are not held back until that transaction times out.
                producer.initTransactions();
                c.subscribe(forwarding.inputTopics());
                started = true;
                LOG.infof("forwarding %s exactly once", forwarding.inputTopics());
                while (running) {
                    ConsumerRecords<byte[], byte[]> records = c.poll(POLL);
                    if (!records.isEmpty()) {
                        forwardInTransaction(c, producer, records);
                    }
                }
            }
        } catch (WakeupException e) {
            // stop() woke the consumer: a normal shutdown.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (FatalForwardingException e) {
            failure = e.getMessage();
            LOG.errorf(e.getCause(), "forwarding stopped: %s", e.getMessage());
        } catch (RuntimeException e) {
            failure = e.toString();
            LOG.errorf(e, "forwarding stopped");
        } finally {
            stopped.countDown();
        }
    }

    private void forwardInTransaction(Consumer<byte[], byte[]> c, Producer<byte[], byte[]> producer,
            ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        ForwardingTransaction transaction = forwarding.begin();
        List<FailingRecordPolicy.Sent> sent = new ArrayList<>(records.count());
        try {
            producer.beginTransaction();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                Forwarded forwarded = forwarding.forward(record, transaction);
                for (ProducerRecord<byte[], byte[]> output : forwarded.records()) {
                    ProducerRecord<byte[], byte[]> out = failingRecords.outgoing(record, output);
                    // Send errors surface at commitTransaction, which then fails and aborts.
                    sent.add(new FailingRecordPolicy.Sent(record, out, producer.send(out)));
                }
                transaction.afterCommit(forwarded.afterCommit());
            }
            // The batches' ROUTED tallies go in the same transaction as the placements they count.
            forwarding.tallyRecords(transaction).forEach(producer::send);
            producer.sendOffsetsToTransaction(nextOffsets(records), c.groupMetadata());
            producer.commitTransaction();
        } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
                | AuthorizationException | AuthenticationException | UnsupportedVersionException e) {
            throw new FatalForwardingException("the transactional producer cannot continue (" + e.getClass().getSimpleName()
                    + "); another router with the same transactional.id, or missing rights", e);
        } catch (WakeupException e) {
            abortQuietly(producer);
            throw e;
        } catch (KafkaException e) {
            LOG.warnf("transaction aborted, %d records will be read again: %s", records.count(), e.toString());
            abort(producer, e);
            metrics.transaction(false);
            failingRecords.aborted(records, sent);
            rewind(c);
            // stop() cuts the wait short; the loop then ends at its next check.
            stopping.await(aborts.failed().toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        metrics.transaction(true);
        aborts.succeeded();
        failingRecords.committed();
        transaction.committed();
    }

    private static void abort(Producer<byte[], byte[]> producer, KafkaException cause) {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            e.addSuppressed(cause);
            throw new FatalForwardingException("the transaction could not be aborted", e);
        }
    }

    private static void abortQuietly(Producer<byte[], byte[]> producer) {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            // Shutting down: the next instance's initTransactions aborts it.
            LOG.debugf("abort on shutdown failed: %s", e);
        }
    }

    /** Back to the last committed offsets, so the aborted batch is read again, not skipped. */
    private static void rewind(Consumer<byte[], byte[]> c) {
        Set<TopicPartition> assigned = c.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = c.committed(assigned);
        List<TopicPartition> neverCommitted = new ArrayList<>();
        for (TopicPartition partition : assigned) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset == null) {
                neverCommitted.add(partition);
            } else {
                c.seek(partition, offset);
            }
        }
        c.seekToBeginning(neverCommitted);
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> ofPartition = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(ofPartition.get(ofPartition.size() - 1).offset() + 1));
        }
        return offsets;
    }

    /** Asks the loop to finish its current transaction and close its clients; waits up to {@code timeout}. */
    void stop(Duration timeout) throws InterruptedException {
        running = false;
        stopping.countDown();
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        startGate.countDown();
        stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@code true} once the loop has subscribed, until it stops. */
    boolean isRunning() {
        return started && stopped.getCount() > 0;
    }

    /** Why the loop stopped on its own, or {@code null} while it runs or after a requested stop. */
    String failure() {
        return failure;
    }
}
