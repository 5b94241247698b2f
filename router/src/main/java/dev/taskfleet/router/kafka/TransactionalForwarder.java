package dev.taskfleet.router.kafka;

import dev.taskfleet.router.metrics.RouterMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
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
 * <p>A bad record never fails a transaction: {@link RecordForwarding} dead-letters it inside it.
 * An output the broker refuses for good (too large, say) would fail every retry of its batch, so
 * after {@value #MAX_ABORTED_ATTEMPTS} aborts in a row failing on the same input the loop stops and
 * liveness goes DOWN, naming the record. A dead letter refused as too large is first retried
 * without its value (its headers still say where it came from and why).
 *
 * <p>Lifecycle: {@link #run()} on its own thread owns both clients and closes them;
 * {@link #stop()} from any thread.
 */
final class TransactionalForwarder implements Runnable {

    private static final Logger LOG = Logger.getLogger(TransactionalForwarder.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /** Pause after an aborted transaction, so a broker outage is not hammered in a tight loop. */
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
    /** Aborts in a row of the same batch after which the loop gives up rather than stall unnoticed. */
    static final int MAX_ABORTED_ATTEMPTS = 10;

    private final Supplier<Consumer<byte[], byte[]>> consumerFactory;
    private final Supplier<Producer<byte[], byte[]>> producerFactory;
    private final RecordForwarding forwarding;
    private final RouterMetrics metrics;
    private final CountDownLatch startGate;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Duration retryBackoff;
    private final int maxAbortedAttempts;
    /** Inputs ({@link #coordinates}) whose dead letter the broker refused as too large. */
    private final Set<String> deadLettersWithoutValue = new HashSet<>();
    private String lastAbortedOn;
    private int abortedInARow;
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
        this(consumerFactory, producerFactory, forwarding, metrics, startGate, RETRY_BACKOFF, MAX_ABORTED_ATTEMPTS);
    }

    /** With another back-off and abort limit, so tests need not wait ten seconds. */
    TransactionalForwarder(Supplier<Consumer<byte[], byte[]>> consumerFactory,
            Supplier<Producer<byte[], byte[]>> producerFactory, RecordForwarding forwarding, RouterMetrics metrics,
            CountDownLatch startGate, Duration retryBackoff, int maxAbortedAttempts) {
        this.retryBackoff = retryBackoff;
        this.maxAbortedAttempts = maxAbortedAttempts;
        this.consumerFactory = consumerFactory;
        this.producerFactory = producerFactory;
        this.forwarding = forwarding;
        this.metrics = metrics;
        this.startGate = startGate;
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
        List<Runnable> afterCommit = new ArrayList<>(records.count());
        List<Sent> sent = new ArrayList<>(records.count());
        try {
            producer.beginTransaction();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                Forwarded forwarded = forwarding.forward(record);
                for (ProducerRecord<byte[], byte[]> out : forwarded.records()) {
                    if (deadLettersWithoutValue.contains(coordinates(record)) && DeadLetterRecords.isDeadLetter(out)) {
                        out = DeadLetterRecords.withoutValue(out);
                    }
                    // Send errors surface at commitTransaction, which then fails and aborts.
                    sent.add(new Sent(record, out, producer.send(out)));
                }
                afterCommit.add(forwarded.afterCommit());
            }
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
            giveUpIfStuck(records, sent);
            rewind(c);
            TimeUnit.MILLISECONDS.sleep(retryBackoff.toMillis());
            return;
        }
        metrics.transaction(true);
        lastAbortedOn = null;
        abortedInARow = 0;
        deadLettersWithoutValue.clear();
        afterCommit.forEach(Runnable::run);
    }

    /**
     * Counts aborts in a row on the same input (the record whose output failed, else the batch's
     * first offsets) and stops the loop after too many: retrying one output the broker refuses for
     * good would otherwise stall the router forever with liveness UP.
     */
    private void giveUpIfStuck(ConsumerRecords<byte[], byte[]> records, List<Sent> sent) {
        Sent failed = null;
        Throwable error = null;
        for (Sent s : sent) {
            error = s.error();
            if (error != null) {
                failed = s;
                break;
            }
        }
        String abortedOn = failed != null ? coordinates(failed.source()) : firstOffsets(records);
        if (failed != null && error instanceof RecordTooLargeException && failed.out().value() != null
                && DeadLetterRecords.isDeadLetter(failed.out())) {
            deadLettersWithoutValue.add(abortedOn);
            LOG.warnf("dead letter of record %s is too large for %s; retrying it without its value", abortedOn,
                    failed.out().topic());
        }
        abortedInARow = abortedOn.equals(lastAbortedOn) ? abortedInARow + 1 : 1;
        lastAbortedOn = abortedOn;
        if (abortedInARow >= maxAbortedAttempts) {
            String cause = failed == null ? "" : "; the write to " + failed.out().topic() + " failed: " + error;
            throw new FatalForwardingException(abortedInARow + " transactions in a row aborted on record " + abortedOn
                    + cause, error);
        }
    }

    private static String coordinates(ConsumerRecord<byte[], byte[]> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static String firstOffsets(ConsumerRecords<byte[], byte[]> records) {
        Map<String, Long> first = new TreeMap<>();
        for (TopicPartition partition : records.partitions()) {
            first.put(partition.toString(), records.records(partition).get(0).offset());
        }
        return first.toString();
    }

    /** One output written in the current transaction, with the input it came from. */
    private record Sent(ConsumerRecord<byte[], byte[]> source, ProducerRecord<byte[], byte[]> out,
            Future<RecordMetadata> result) {

        /** Why the write failed, or {@code null} while it is in flight or once it succeeded. */
        Throwable error() {
            if (!result.isDone()) {
                return null;
            }
            try {
                result.get();
                return null;
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (CancellationException e) {
                return e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
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

    /** A Kafka error after which this producer can send nothing more. */
    static final class FatalForwardingException extends RuntimeException {

        FatalForwardingException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
