package dev.taskfleet.producer.publish;

import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.Task;
import dev.taskfleet.kafka.RecordSizeLimit;
import dev.taskfleet.producer.batch.TaskSink;
import dev.taskfleet.producer.batch.TaskTooLargeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
    private final Function<Priority, String> topicFor;
    /** The topic of each class, asked of {@link #topicFor} once per class. */
    private final Map<Priority, String> topics = new EnumMap<>(Priority.class);
    private final String batchId;
    private final Duration ackTimeout;
    private final int maxRecordBytes;
    private final AckTracker tracker = new AckTracker();
    private final TaskRecordWriter writer = new TaskRecordWriter();
    // Acknowledged sends per Priority ordinal, counted on the producer's thread before the tracker
    // hears of them, so a reader that has waited for the tracker sees every count.
    private final AtomicLongArray acknowledgedByPriority = new AtomicLongArray(Priority.values().length);

    /**
     * @param topicFor       the topic of a task of each class (the tasks topic, or the team's inbox
     *                       lane, which may be created when first asked for)
     * @param maxRecordBytes the largest record the topics take: the producer's {@code max.request.size}
     *                       and, when known, the tasks topic's {@code max.message.bytes}, which lanes copy
     */
    BatchPublication(Producer<String, byte[]> producer, Function<Priority, String> topicFor, String batchId,
                     Duration ackTimeout, int maxRecordBytes) {
        this.producer = producer;
        this.topicFor = topicFor;
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
            topic = topics.computeIfAbsent(task.priority(), topicFor);
        } catch (KafkaException e) {
            // The team's lane could not be made: nothing of this task was sent.
            throw failed(e);
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, task.id(), value);
        tracker.sent();
        int priority = task.priority().ordinal();
        try {
            producer.send(record, (metadata, exception) -> {
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
