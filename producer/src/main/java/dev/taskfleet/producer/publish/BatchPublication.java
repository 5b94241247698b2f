package dev.taskfleet.producer.publish;

import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.Task;
import dev.taskfleet.kafka.RecordSizeLimit;
import dev.taskfleet.producer.batch.TaskSink;
import dev.taskfleet.producer.batch.TaskTooLargeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;

/**
 * Publishes the tasks of one batch as they are read. Sends are asynchronous and pipelined;
 * {@link #finish()} waits for the broker to answer all of them. Once any send has failed the
 * next {@link #accept} throws, which stops the reading of the body early. A task whose record is
 * larger than the tasks topic takes is not sent at all but refused on its own
 * ({@link TaskTooLargeException}): sent, Kafka would refuse it and fail the whole batch.
 *
 * <p>Used by the one thread that reads the batch's body ({@link TaskRecordWriter} is not thread-safe);
 * acknowledgements arrive on the Kafka producer's thread.
 */
public final class BatchPublication implements TaskSink {

    private static final Header[] NO_HEADERS = new Header[0];

    private final Producer<String, byte[]> producer;
    private final TaskTopics taskTopics;
    /** The topic of each class, asked of {@link #taskTopics} once per class. */
    private final Map<Priority, String> topics = new EnumMap<>(Priority.class);
    /** Per new topic ({@link TaskTopics#isNew}), the partitions with an acknowledged write of this batch. */
    private final Map<String, Set<Integer>> acknowledgedPartitions = new HashMap<>();
    private final String batchId;
    private final Duration ackTimeout;
    private final int maxRecordBytes;
    private final AckTracker tracker = new AckTracker();
    private final TaskRecordWriter writer = new TaskRecordWriter();
    // Acknowledged sends per Priority ordinal, counted on the producer's thread before the tracker
    // hears of them, so a reader that has waited for the tracker sees every count.
    private final AtomicLongArray acknowledgedByPriority = new AtomicLongArray(Priority.values().length);

    /**
     * @param taskTopics     the topic of a task of each class (the tasks topic, or the team's inbox
     *                       lane, which may be created when first asked for), and which are new
     * @param maxRecordBytes the largest record the topics take: the producer's {@code max.request.size}
     *                       and, when known, the tasks topic's {@code max.message.bytes}, which lanes copy
     */
    BatchPublication(Producer<String, byte[]> producer, TaskTopics taskTopics, String batchId,
                     Duration ackTimeout, int maxRecordBytes) {
        this.producer = producer;
        this.taskTopics = taskTopics;
        this.batchId = batchId;
        this.ackTimeout = ackTimeout;
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public void accept(Task task) throws TaskTooLargeException {
        Exception failure = tracker.firstFailure();
        if (failure != null) {
            throw failed(failure);
        }
        byte[] value = writer.write(task);
        int size = RecordSizeLimit.sizeOf(task.id().getBytes(StandardCharsets.UTF_8), value, NO_HEADERS);
        if (size > maxRecordBytes) {
            throw new TaskTooLargeException(size, maxRecordBytes);
        }
        String topic;
        try {
            topic = topics.computeIfAbsent(task.priority(), taskTopics::topicFor);
        } catch (KafkaException e) {
            // The team's lane could not be made: nothing of this task was sent.
            throw failed(e);
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, task.id(), value);
        tracker.sent();
        int priority = task.priority().ordinal();
        Future<RecordMetadata> acknowledgement;
        try {
            acknowledgement = producer.send(record, (metadata, exception) -> {
                if (exception == null) {
                    acknowledgedByPriority.incrementAndGet(priority);
                }
                tracker.completed(exception);
            });
        } catch (KafkaException | IllegalStateException e) {
            // Most failures, a missing topic included, come through the callback; send() throws only
            // when the record never reached the producer (e.g. the producer is closed), so no callback
            // will come for it: count it as answered here.
            tracker.completed(e);
            throw failed(e);
        }
        if (taskTopics.isNew(topic)) {
            awaitFirstWrite(topic, acknowledgement);
        }
    }

    /**
     * Waits for a write to a new topic to be acknowledged ({@link TaskTopics} says why), and tells
     * {@link #taskTopics} once each of its partitions has had one. Its callback has then run, so
     * the tracker counts it either way.
     */
    private void awaitFirstWrite(String topic, Future<RecordMetadata> acknowledgement) {
        RecordMetadata written;
        try {
            written = acknowledgement.get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(e);
        } catch (ExecutionException e) {
            throw failed(e.getCause() instanceof Exception cause ? cause : e);
        } catch (TimeoutException e) {
            throw failed(e);
        }
        Set<Integer> partitions = acknowledgedPartitions.computeIfAbsent(topic, t -> new HashSet<>());
        partitions.add(written.partition());
        if (partitions.size() >= producer.partitionsFor(topic).size()) {
            taskTopics.established(topic);
        }
    }

    /**
     * Waits until the broker has answered every send of this batch.
     *
     * @return how many tasks the broker acknowledged
     * @throws PublishFailedException if any send failed or some were still unanswered in time
     */
    public long finish() {
        boolean answered;
        try {
            answered = tracker.awaitAll(ackTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException(batchId, "interrupted while waiting for Kafka", e);
        }
        if (!answered) {
            throw new PublishFailedException(batchId,
                    "Kafka did not answer every send within " + ackTimeout, null);
        }
        Exception failure = tracker.firstFailure();
        if (failure != null) {
            throw failed(failure);
        }
        return tracker.acknowledged();
    }

    /**
     * Waits for the sends already made after the reading stopped for another reason, so the
     * reply can say exactly how many tasks were published.
     */
    public long settle() {
        try {
            tracker.awaitAll(ackTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return tracker.acknowledged();
    }

    /**
     * The tasks the broker acknowledged per class, classes without any absent: after {@link #finish()}
     * or {@link #settle()}, what the batch's ACCEPTED event says runs, also when the reading stopped early.
     */
    public Map<Priority, Long> acknowledgedByPriority() {
        Map<Priority, Long> counts = new EnumMap<>(Priority.class);
        for (Priority priority : Priority.values()) {
            long count = acknowledgedByPriority.get(priority.ordinal());
            if (count > 0) {
                counts.put(priority, count);
            }
        }
        return counts;
    }

    public String batchId() {
        return batchId;
    }

    private PublishFailedException failed(Exception cause) {
        return new PublishFailedException(batchId, cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
    }
}
