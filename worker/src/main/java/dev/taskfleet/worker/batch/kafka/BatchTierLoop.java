package dev.taskfleet.worker.batch.kafka;

import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.kafka.Backoff;
import dev.taskfleet.worker.batch.Gathering;
import dev.taskfleet.worker.cancellation.CancellationRegistry;
import dev.taskfleet.worker.batch.ProviderBatchBook;
import dev.taskfleet.worker.execution.AttemptHistory;
import dev.taskfleet.worker.execution.TaskOutcomes;
import dev.taskfleet.worker.intake.RejectedRecordException;
import dev.taskfleet.worker.intake.RoutedTaskReader;
import dev.taskfleet.worker.metrics.WorkerMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * A batch tier's one thread: one consumer in the tier's group reads both the tier topic and
 * {@code <prefix>.provider-batches}, one transactional producer writes everything.
 *
 * <p><b>Intake.</b> Each routed task is gathered ({@link Gathering}); a record that is not a runnable
 * task gets its dead letter, a task of a cancelled run its CANCELLED result (BUDGET_EXCEEDED for a run stopped at its team's budget). When the gathering is
 * due, its provider batch (PENDING, with every request), those other records and the tier topic's
 * offsets up to the last record taken are written in one transaction: a task is acknowledged
 * exactly when it is durably part of a provider batch, and offsets are never held longer than
 * {@code gather-time}. A killed worker's uncommitted gathering is read again by the next owner.
 *
 * <p><b>Provider batches.</b> The group assigns each pod some partitions of
 * {@code <prefix>.provider-batches}; on assignment the pod reads them from the beginning (the topic
 * is compacted) into its {@link ProviderBatchBook}, and once read to the end it takes their
 * provider batches on ({@link ProviderBatchWork}). So any pod of the tier resumes the provider
 * batches of a pod that died. Every transaction also commits the positions of the pod's
 * provider-batch partitions with the group's metadata: a pod that lost them in a rebalance is
 * fenced and cannot write for them any more.
 *
 * <p>An aborted transaction is not fatal: an aborted intake rewinds the tier topic to the committed
 * offsets and gathers again; an aborted provider-batch change is taken again from the book, which
 * only changes after a commit. A producer that cannot go on (fenced by a newer incarnation, no
 * rights) stops the loop and turns liveness DOWN.
 *
 * <p>When Kafka does not answer in time (a broker restarting or out of reach: a call that times out,
 * directly or inside a rebalance callback, or a commit whose outcome is unknown), the loop does what a
 * restarted pod would, without the restart: it closes both clients, forgets what it gathered and the
 * provider batches it followed, and after a back-off (1 s doubling to 30 s, reset by a committed
 * transaction) starts over with new clients from the committed offsets; the new producer completes
 * or aborts what the old one left open.
 */
final class BatchTierLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(BatchTierLoop.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /** Waits after an aborted transaction: 200 ms doubling to 5 s. */
    private static final Backoff ABORT_BACKOFF = Backoff.exponential(Duration.ofMillis(200), Duration.ofSeconds(5));
    /** Waits before new clients after Kafka stopped answering: 1 s doubling to 30 s. */
    private static final Backoff RESTART_BACKOFF = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30));
    /** How long closing a client may wait for a broker that does not answer. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    /** Where the loop gets its Kafka clients: new ones each time it starts over. */
    interface Clients {

        Consumer<byte[], byte[]> consumer();

        Producer<byte[], byte[]> producer();

        /** Called once for each client made here, after the loop closed it. */
        void closed(Object client);
    }

    private final Clients clients;
    /** The tier topic and every lane of it: the records to gather. */
    private final Pattern tierLanes;
    private final String providerBatchesTopic;
    private final RoutedTaskReader reader;
    private final CancellationRegistry cancellations;
    private final TaskOutcomes outcomes;
    private final Gathering gathering;
    private final Gathering.Stamp stamp;
    private final BatchTierParts parts;
    private final TierRecords records;
    private final WorkerMetrics metrics;
    private final BatchTierMetrics batchMetrics;
    private final Clock clock;
    private final Backoff.Attempts aborts = ABORT_BACKOFF.attempts();
    private final Backoff.Attempts restarts = RESTART_BACKOFF.attempts();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    /* Loop thread only. */
    private final Map<TopicPartition, OffsetAndMetadata> taken = new HashMap<>();
    private final List<ProducerRecord<byte[], byte[]>> intakeOutputs = new ArrayList<>();
    private final List<Runnable> afterIntake = new ArrayList<>();
    private final Set<Integer> ownedBatchPartitions = new HashSet<>();
    private final Map<Integer, Long> readingUpTo = new HashMap<>();
    /*
     * Per session: a new book and its work each time the loop starts over, so an answer the provider
     * gives to a call of an earlier session lands in that session's queue and is never applied.
     */
    private ProviderBatchBook book;
    private ProviderBatchWork work;
    /* Set while the session's clients close: their rebalance callbacks must not touch a closed producer. */
    private boolean closing;
    /* Read by stop() from another thread to wake it. */
    private volatile Consumer<byte[], byte[]> consumer;
    private Producer<byte[], byte[]> producer;

    private volatile boolean running = true;
    private volatile boolean started;
    private volatile String failure;

    BatchTierLoop(BatchTierParts parts, Clients clients) {
        this.clients = clients;
        this.tierLanes = parts.topics().tierLanes(parts.stamp().tier());
        this.providerBatchesTopic = parts.topics().providerBatches();
        this.reader = parts.reader();
        this.cancellations = parts.cancellations();
        this.outcomes = parts.outcomes();
        this.gathering = parts.gathering();
        this.stamp = parts.stamp();
        this.parts = parts;
        this.records = new TierRecords(parts.topics(), parts.writeLimit());
        this.metrics = parts.metrics();
        this.batchMetrics = new BatchTierMetrics(parts.metrics());
        this.clock = parts.clock();
    }

    @Override
    public void run() {
        try {
            while (running) {
                try {
                    runSession();
                } catch (KafkaException e) {
                    if (!kafkaStoppedAnswering(e)) {
                        throw e;
                    }
                    if (!running) {
                        LOG.infof("batch tier %s: Kafka did not answer while it stopped (%s); what was gathered "
                                + "is read again by the next owner", stamp.tier(), e);
                        break;
                    }
                    Duration wait = restarts.failed();
                    batchMetrics.restarted();
                    LOG.warnf("batch tier %s: Kafka did not answer in time (%s); its clients are closed, what was "
                            + "gathered and not committed is read again, and it starts over in %s", stamp.tier(),
                            e, wait);
                    forgetSession();
                    stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (WakeupException e) {
            // stop() woke the consumer outside poll: a normal stop; what was gathered is read again elsewhere.
        } catch (FatalTransactionException e) {
            failure = e.getMessage();
            LOG.errorf(e.getCause(), "batch tier stopped: %s", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e.toString();
            LOG.errorf(e, "batch tier stopped");
        } finally {
            stopped.countDown();
        }
    }

    /** One pair of clients, from subscribing until a stop or until Kafka fails them. */
    private void runSession() {
        book = new ProviderBatchBook(stamp.tier());
        work = new ProviderBatchWork(parts.api(), parts.steps(), parts.resolver(), book, records, stamp,
                parts.requests(), batchMetrics, clock, out -> transaction(out, Map.of()));
        closing = false;
        consumer = clients.consumer();
        try {
            producer = clients.producer();
            try {
                // stop() may have come while the clients were made, and woken the earlier consumer.
                if (running) {
                    serve();
                }
            } finally {
                closing = true;
                close(producer);
            }
        } finally {
            close(consumer);
        }
    }

    /** Gathers and follows provider batches with this session's clients until stopped. */
    private void serve() {
        // Fences an earlier incarnation with the same transactional.id and aborts what it left open.
        producer.initTransactions();
        // One pattern for both, as a consumer subscribes either by names or by pattern; a lane the
        // router creates later is found at the next metadata refresh (BatchTierClients).
        consumer.subscribe(Pattern.compile(tierLanes.pattern() + "|" + Pattern.quote(providerBatchesTopic)),
                new Rebalance());
        started = true;
        LOG.infof("batch tier %s: gathering %s into provider batches, following %s", stamp.tier(), tierLanes,
                providerBatchesTopic);
        while (running) {
            try {
                consumer.poll(POLL).forEach(this::take);
            } catch (WakeupException e) {
                break;
            }
            work.applyAnswers();
            if (gathering.due(clock.instant()) || gathering.isEmpty() && !intakeOutputs.isEmpty()) {
                flushIntake();
            }
            work.advance(this::ready);
            metrics.providerBatchesInFlight(book.size());
        }
        // What is gathered is handed over rather than read again by the next owner.
        flushIntake();
    }

    /**
     * Whether Kafka failed to answer in time (a broker restarting or out of reach), directly or in
     * a rebalance callback: new clients can go on where the committed offsets and provider batches
     * are, as a restarted pod would. Any other Kafka error stops the loop.
     */
    private static boolean kafkaStoppedAnswering(KafkaException e) {
        return inCauses(e, RetriableException.class);
    }

    /** Whether a Kafka call gave up waiting for an answer (not an answer that refused it). */
    private static boolean timedOut(KafkaException e) {
        return inCauses(e, TimeoutException.class);
    }

    /** Kafka 4.1 throws a rebalance callback's exception out of poll as it is; other versions wrap it. */
    private static boolean inCauses(Throwable failure, Class<? extends Throwable> kind) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (kind.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Forgets what the closed clients held: the uncommitted intake and the provider-batch partitions
     * (the next session reads them into a new book).
     */
    private void forgetSession() {
        gathering.clear();
        intakeOutputs.clear();
        afterIntake.clear();
        taken.clear();
        ownedBatchPartitions.clear();
        readingUpTo.clear();
    }

    private void close(Consumer<?, ?> client) {
        closeAndHandBack(client, () -> client.close(CloseOptions.timeout(CLOSE_TIMEOUT)));
    }

    private void close(Producer<?, ?> client) {
        closeAndHandBack(client, () -> client.close(CLOSE_TIMEOUT));
    }

    /**
     * Closes a client, waiting at most {@link #CLOSE_TIMEOUT} for a broker that does not answer (the
     * rebalance callbacks do nothing while closing), and hands it back.
     */
    private void closeAndHandBack(Object client, Runnable close) {
        try {
            close.run();
        } catch (RuntimeException e) {
            LOG.debugf("closing a Kafka client of batch tier %s: %s", stamp.tier(), e);
        } finally {
            clients.closed(client);
        }
    }

    private void take(ConsumerRecord<byte[], byte[]> record) {
        if (!isTierRecord(record.topic())) {
            String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            if (book.apply(record.partition(), key, record.value()) == ProviderBatchBook.Applied.UNREADABLE) {
                LOG.warnf("skipping unreadable record %s/%d@%d", record.topic(), record.partition(), record.offset());
            }
            return;
        }
        Instant now = clock.instant();
        taken.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
        RoutedTask routed;
        try {
            routed = reader.read(record.value());
        } catch (RejectedRecordException e) {
            LOG.warnf("dead-lettering %s/%d@%d: %s (%s)", record.topic(), record.partition(), record.offset(),
                    e.reasonCode(), e.getMessage());
            intakeOutputs.add(records.deadLetter(record, e.reasonCode(), e.getMessage()));
            afterIntake.add(() -> metrics.deadLettered(e.reasonCode()));
            return;
        }
        metrics.queueWaited(routed.task().team(), routed.task().priority(),
                Duration.between(Instant.ofEpochMilli(record.timestamp()), now));
        Optional<ResultStatus> stopped = cancellations.stoppedAs(routed.task().batchId(), routed.task().run());
        if (stopped.isPresent()) {
            TaskResult notRun = outcomes.stopped(routed, stopped.get(), AttemptHistory.before(routed.history()));
            intakeOutputs.add(records.result(notRun));
            afterIntake.add(() -> batchMetrics.stoppedOnArrival(notRun));
            return;
        }
        gathering.add(routed, List.of(), now);
        if (gathering.full()) {
            flushIntake();
        }
    }

    /** Records what is gathered as a provider batch, with the other intake records and the tier offsets. */
    private void flushIntake() {
        if (gathering.isEmpty() && intakeOutputs.isEmpty()) {
            return;
        }
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(intakeOutputs);
        Gathering.Sealed sealed = gathering.isEmpty() ? null : gathering.seal(stamp, clock.instant());
        int partition = sealed == null ? -1 : partitionFor(sealed.batch().id());
        if (sealed != null) {
            sealed.requests().forEach(request -> out.add(records.request(partition, request)));
            out.add(records.batch(partition, sealed.batch()));
        }
        if (!transaction(out, new HashMap<>(taken))) {
            rewindIntake();
            return;
        }
        afterIntake.forEach(Runnable::run);
        if (sealed != null) {
            LOG.debugf("recorded provider batch %s with %d requests on partition %d", sealed.batch().id(),
                    sealed.requests().size(), partition);
            if (ownedBatchPartitions.contains(partition)) {
                sealed.requests().forEach(request -> book.record(partition, request));
                book.record(partition, sealed.batch());
            }
        }
        intakeOutputs.clear();
        afterIntake.clear();
        taken.clear();
    }

    /** One of this pod's provider-batch partitions, so it sends the batch itself; any partition when it owns none. */
    private int partitionFor(String id) {
        int spread = Math.floorMod(id.hashCode(), Integer.MAX_VALUE);
        if (!ownedBatchPartitions.isEmpty()) {
            List<Integer> owned = ownedBatchPartitions.stream().sorted().toList();
            return owned.get(spread % owned.size());
        }
        return spread % consumer.partitionsFor(providerBatchesTopic).size();
    }

    /**
     * One transaction: {@code out}, {@code tierOffsets} and the positions of this pod's provider-batch
     * partitions, committed with the group's metadata (the fence). {@code false} when it was aborted.
     */
    private boolean transaction(List<ProducerRecord<byte[], byte[]>> out, Map<TopicPartition, OffsetAndMetadata> tierOffsets) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(tierOffsets);
        for (int partition : ownedBatchPartitions) {
            TopicPartition owned = new TopicPartition(providerBatchesTopic, partition);
            offsets.put(owned, new OffsetAndMetadata(consumer.position(owned)));
        }
        try {
            producer.beginTransaction();
            out.forEach(producer::send);
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
                | AuthenticationException | UnsupportedVersionException e) {
            throw new FatalTransactionException("the transactional producer cannot continue ("
                    + e.getClass().getSimpleName() + "): a newer incarnation of this worker, or missing rights", e);
        } catch (KafkaException e) {
            if (timedOut(e)) {
                // The outcome is unknown and the producer refuses an abort after a timed-out commit: new
                // clients start over, and the next producer under this transactional.id completes or aborts it.
                throw e;
            }
            LOG.warnf("transaction of %d records aborted: %s", out.size(), e.toString());
            try {
                producer.abortTransaction();
            } catch (KafkaException abortFailed) {
                if (kafkaStoppedAnswering(abortFailed)) {
                    // New clients start over: the next producer under this transactional.id aborts it.
                    throw abortFailed;
                }
                throw new FatalTransactionException("the transaction could not be aborted", abortFailed);
            }
            try {
                stopping.await(aborts.failed().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
        aborts.succeeded();
        restarts.succeeded();
        return true;
    }

    /** Forgets the intake's uncommitted work and reads the tier topic again from the committed offsets. */
    private void rewindIntake() {
        gathering.clear();
        intakeOutputs.clear();
        afterIntake.clear();
        taken.clear();
        Set<TopicPartition> tier = new HashSet<>();
        consumer.assignment().stream().filter(tp -> isTierRecord(tp.topic())).forEach(tier::add);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(tier);
        List<TopicPartition> never = new ArrayList<>();
        for (TopicPartition partition : tier) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset == null) {
                never.add(partition);
            } else {
                consumer.seek(partition, offset);
            }
        }
        consumer.seekToBeginning(never);
    }

    /** A record (or partition) of the tier topic or one of its lanes, rather than of the provider batches. */
    private boolean isTierRecord(String topic) {
        return !topic.equals(providerBatchesTopic);
    }

    /** Whether a provider-batch partition is read to the end it had when this pod got it. */
    private boolean ready(int partition) {
        Long end = readingUpTo.get(partition);
        if (end == null) {
            return ownedBatchPartitions.contains(partition);
        }
        if (consumer.position(new TopicPartition(providerBatchesTopic, partition)) < end) {
            return false;
        }
        readingUpTo.remove(partition);
        return true;
    }

    /** Hands gathered work over before tier partitions go, and rebuilds provider batches from the beginning when they come. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (closing) {
                return;
            }
            if (partitions.stream().anyMatch(tp -> isTierRecord(tp.topic()))) {
                // Still a member of this generation: the gathering can be recorded now, not read again elsewhere.
                flushIntake();
            }
            dropBatchPartitions(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (closing) {
                return;
            }
            // No longer a member: nothing can be committed; the new owners read what was gathered again.
            rewindIntake();
            dropBatchPartitions(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            List<TopicPartition> batches = partitions.stream()
                    .filter(tp -> tp.topic().equals(providerBatchesTopic)).toList();
            if (batches.isEmpty()) {
                return;
            }
            consumer.seekToBeginning(batches);
            consumer.endOffsets(batches).forEach((tp, end) -> readingUpTo.put(tp.partition(), end));
            batches.forEach(tp -> ownedBatchPartitions.add(tp.partition()));
            LOG.infof("taking on provider batches of %s partitions %s", providerBatchesTopic,
                    batches.stream().map(TopicPartition::partition).sorted().toList());
        }

        private void dropBatchPartitions(Collection<TopicPartition> partitions) {
            List<Integer> lost = partitions.stream().filter(tp -> tp.topic().equals(providerBatchesTopic))
                    .map(TopicPartition::partition).toList();
            if (lost.isEmpty()) {
                return;
            }
            ownedBatchPartitions.removeAll(lost);
            lost.forEach(readingUpTo::remove);
            work.forget(book.forgetPartitions(lost));
        }
    }

    /** Asks the loop to hand over what it gathered and close its clients; waits up to {@code timeout}. */
    void stop(Duration timeout) throws InterruptedException {
        running = false;
        stopping.countDown();
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@code true} once the loop has subscribed, until it stops. */
    boolean isRunning() {
        return started && stopped.getCount() > 0;
    }

    /** Why the loop stopped on its own, or {@code null}. */
    String failure() {
        return failure;
    }

    /** A producer error the loop cannot recover from. */
    static final class FatalTransactionException extends RuntimeException {
        FatalTransactionException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
