package dev.taskfleet.router.kafka;

import dev.taskfleet.kafka.Backoff;
import dev.taskfleet.router.metrics.RouterMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
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
    private final TransactionBounds bounds;
    /** The transaction in progress, or {@code null}; the loop's thread only (the rebalance listener runs on it). */
    private OpenTransaction open;
    /** Set by the rebalance listener when the open transaction could not be ended there. */
    private RuntimeException rebalanceFailure;

    /**
     * @param startGate opened when the loop may start consuming (adaptive state rebuilt)
     */
    TransactionalForwarder(Supplier<Consumer<byte[], byte[]>> consumerFactory,
            Supplier<Producer<byte[], byte[]>> producerFactory, RecordForwarding forwarding, RouterMetrics metrics,
            CountDownLatch startGate, TransactionBounds bounds) {
        this(consumerFactory, producerFactory, forwarding, metrics, startGate, RETRY_BACKOFF,
                FailingRecordPolicy.MAX_ABORTED_ATTEMPTS, bounds);
    }

    /** With another back-off and abort limit, so tests need not wait ten seconds. */
    TransactionalForwarder(Supplier<Consumer<byte[], byte[]>> consumerFactory,
            Supplier<Producer<byte[], byte[]>> producerFactory, RecordForwarding forwarding, RouterMetrics metrics,
            CountDownLatch startGate, Backoff retryBackoff, int maxAbortedAttempts, TransactionBounds bounds) {
        this.consumerFactory = consumerFactory;
        this.producerFactory = producerFactory;
        this.forwarding = forwarding;
        this.metrics = metrics;
        this.startGate = startGate;
        this.aborts = retryBackoff.attempts();
        this.failingRecords = new FailingRecordPolicy(maxAbortedAttempts);
        this.bounds = bounds;
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
                c.subscribe(forwarding.inputs(), new EndOpenTransaction(c, producer));
                started = true;
                LOG.infof("forwarding %s exactly once, up to %d records or %d ms per transaction",
                        forwarding.inputsDescribed(), bounds.maxRecords(), bounds.maxTime().toMillis());
                forward(c, producer);
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

    /**
     * Polls and forwards until stopped. A transaction opens with the first records of a poll and
     * takes the records of the polls after it until it holds {@link TransactionBounds#maxRecords}
     * inputs or has been open {@link TransactionBounds#maxTime}; then its outputs, tallies and offsets
     * are committed together. While one is open the consumer waits at most until its time is up.
     */
    private void forward(Consumer<byte[], byte[]> c, Producer<byte[], byte[]> producer) throws InterruptedException {
        while (running) {
            OpenTransaction current = open;
            Duration wait = current == null ? POLL : current.remaining(System.nanoTime());
            ConsumerRecords<byte[], byte[]> records;
            try {
                records = c.poll(wait);
            } catch (WakeupException e) {
                // stop(): what this transaction holds is committed, not thrown away.
                commitOnShutdown(c, producer);
                throw e;
            } catch (KafkaException e) {
                // Not an abort of ours: the consumer cannot go on (as before transactions spanned polls).
                if (open != null) {
                    abortQuietly(producer);
                    open = null;
                }
                throw e;
            }
            if (rebalanceFailure != null) {
                // Ending the open transaction when partitions were revoked failed, or they were lost.
                RuntimeException failed = rebalanceFailure;
                rebalanceFailure = null;
                if (failed instanceof FatalForwardingException fatal) {
                    throw fatal;
                }
                if (open != null) {
                    aborted(c, producer, (KafkaException) failed);
                    continue;
                }
            }
            if (!records.isEmpty() && !forwardInTransaction(c, producer, records)) {
                continue;
            }
            OpenTransaction after = open;
            if (after != null && (!running || after.full(bounds.maxRecords()) || after.expired(System.nanoTime()))) {
                commit(c, producer);
            }
        }
        commitOnShutdown(c, producer);
    }

    /** Forwards {@code records} in the open transaction, opening one first; {@code false} if it aborted. */
    private boolean forwardInTransaction(Consumer<byte[], byte[]> c, Producer<byte[], byte[]> producer,
            ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        try {
            if (open == null) {
                producer.beginTransaction();
                open = new OpenTransaction(forwarding.begin(), System.nanoTime() + bounds.maxTime().toNanos());
            }
            OpenTransaction current = open;
            for (ConsumerRecord<byte[], byte[]> record : records) {
                // Counted first: if it aborts the transaction, it is among the records named and read again.
                current.read(record);
                Forwarded forwarded = forwarding.forward(record, current.bookkeeping);
                for (ProducerRecord<byte[], byte[]> output : forwarded.records()) {
                    ProducerRecord<byte[], byte[]> out = failingRecords.outgoing(record, output);
                    // Send errors surface at commitTransaction, which then fails and aborts.
                    current.sent.add(new FailingRecordPolicy.Sent(record, out, producer.send(out)));
                }
                current.bookkeeping.afterCommit(forwarded.afterCommit());
            }
            return true;
        } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
                | AuthorizationException | AuthenticationException | UnsupportedVersionException e) {
            throw fatal(e);
        } catch (KafkaException e) {
            aborted(c, producer, e);
            return false;
        }
    }

    /** Writes the open transaction's tallies and offsets and commits it; on failure aborts and rewinds. */
    private void commit(Consumer<byte[], byte[]> c, Producer<byte[], byte[]> producer) throws InterruptedException {
        try {
            commitOpen(c, producer);
        } catch (KafkaException e) {
            aborted(c, producer, e);
        }
    }

    /**
     * The commit itself; throws what the producer throws (a fatal error as
     * {@link FatalForwardingException}), leaving the transaction open for the caller to abort.
     */
    private void commitOpen(Consumer<byte[], byte[]> c, Producer<byte[], byte[]> producer) {
        OpenTransaction current = open;
        try {
            // The batches' ROUTED tallies go in the same transaction as the placements they count.
            forwarding.tallyRecords(current.bookkeeping).forEach(producer::send);
            producer.sendOffsetsToTransaction(current.nextOffsets, c.groupMetadata());
            producer.commitTransaction();
        } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
                | AuthorizationException | AuthenticationException | UnsupportedVersionException e) {
            throw fatal(e);
        }
        open = null;
        metrics.transaction(true);
        aborts.succeeded();
        failingRecords.committed();
        current.bookkeeping.committed();
    }

    /** On the way out: the open transaction, if any, is committed; if that fails it is left to abort. */
    private void commitOnShutdown(Consumer<byte[], byte[]> c, Producer<byte[], byte[]> producer) {
        if (open == null) {
            return;
        }
        try {
            commitOpen(c, producer);
        } catch (KafkaException e) {
            LOG.warnf("the last transaction could not be committed on shutdown, %d records will be read again: %s",
                    open.records, e.toString());
            abortQuietly(producer);
            open = null;
        }
    }

    /** The open transaction failed: abort it, read its records again after the back-off. */
    private void aborted(Consumer<byte[], byte[]> c, Producer<byte[], byte[]> producer, KafkaException e)
            throws InterruptedException {
        OpenTransaction current = open;
        open = null;
        LOG.warnf("transaction aborted, %d records will be read again: %s", current == null ? 0 : current.records,
                e.toString());
        abort(producer, e);
        metrics.transaction(false);
        if (current != null) {
            failingRecords.aborted(current.firstOffsets, current.sent);
        }
        rewind(c);
        // stop() cuts the wait short; the loop then ends at its next check.
        stopping.await(aborts.failed().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static FatalForwardingException fatal(KafkaException e) {
        return new FatalForwardingException("the transactional producer cannot continue (" + e.getClass().getSimpleName()
                + "); another router with the same transactional.id, or missing rights", e);
    }

    /**
     * A rebalance inside a poll while a transaction is open: before partitions are revoked, the
     * transaction that holds their records is committed with their offsets, so whoever gets them
     * next starts behind it (an offset fetch waits for a pending transactional commit). Partitions
     * lost (the group moved on without us) cannot have their offsets committed: the transaction is
     * aborted after the poll. A failure is handed to the loop, which aborts and rewinds.
     */
    private final class EndOpenTransaction implements ConsumerRebalanceListener {

        private final Consumer<byte[], byte[]> c;
        private final Producer<byte[], byte[]> producer;

        EndOpenTransaction(Consumer<byte[], byte[]> c, Producer<byte[], byte[]> producer) {
            this.c = c;
            this.producer = producer;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (open == null || partitions.isEmpty()) {
                return;
            }
            try {
                commitOpen(c, producer);
            } catch (KafkaException | FatalForwardingException e) {
                // Thrown from here, the consumer would wrap it; the loop handles it after the poll.
                rebalanceFailure = e;
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // Positions come from the committed offsets.
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (open != null && !partitions.isEmpty()) {
                rebalanceFailure = new KafkaException("partitions " + partitions + " were lost while their transaction was open");
            }
        }
    }

    /** The transaction the loop has open: what it read, what it sent and when it must commit. */
    private static final class OpenTransaction {

        final ForwardingTransaction bookkeeping;
        final List<FailingRecordPolicy.Sent> sent = new ArrayList<>();
        final Map<TopicPartition, OffsetAndMetadata> nextOffsets = new HashMap<>();
        final Map<TopicPartition, Long> firstOffsets = new HashMap<>();
        final long deadline;
        int records;

        OpenTransaction(ForwardingTransaction bookkeeping, long deadline) {
            this.bookkeeping = bookkeeping;
            this.deadline = deadline;
        }

        void read(ConsumerRecord<byte[], byte[]> record) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            firstOffsets.putIfAbsent(partition, record.offset());
            nextOffsets.put(partition, new OffsetAndMetadata(record.offset() + 1));
            records++;
        }

        boolean full(int maxRecords) {
            return records >= maxRecords;
        }

        boolean expired(long now) {
            return now - deadline >= 0;
        }

        Duration remaining(long now) {
            return Duration.ofNanos(Math.max(0, deadline - now));
        }
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
