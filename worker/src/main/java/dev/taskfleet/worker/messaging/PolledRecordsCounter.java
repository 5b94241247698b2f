package dev.taskfleet.worker.messaging;

import dev.taskfleet.worker.flow.FairIntake;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Tells the {@link FairIntake} what each poll of the {@code tasks} channel's consumer returned, per
 * partition, on the consumer's own thread before the records leave the poll (the channel's
 * {@code interceptor.classes}). The connector hands records to {@link TaskConsumer} later, on
 * another thread, and polls on meanwhile; counting them here lets the intake pause a partition
 * before the next poll instead of after it has handed over everything already polled.
 *
 * <p>Kafka creates interceptors by class name, outside CDI, so the intake is handed over through a
 * static reference when it is built ({@link TaskIntakeComponents}) and let go when it is disposed;
 * until then polls are not counted, and the intake simply finds nothing counted when those records
 * arrive. Never throws.
 */
public final class PolledRecordsCounter implements ConsumerInterceptor<Object, Object> {

    private static final AtomicReference<FairIntake> COUNTING = new AtomicReference<>();

    private final Supplier<FairIntake> intake;

    /** What Kafka creates: counts for the intake the worker registered ({@link #countFor}). */
    public PolledRecordsCounter() {
        this(COUNTING::get);
    }

    /** Counts for {@code intake} alone, whatever is registered (tests). */
    PolledRecordsCounter(Supplier<FairIntake> intake) {
        this.intake = intake;
    }

    /** The intake that counts from now on; one per worker process. */
    static void countFor(FairIntake counting) {
        COUNTING.set(counting);
    }

    /** The worker stopped: its intake counts no more (and can be collected), unless another took over. */
    static void stopCounting(FairIntake counting) {
        COUNTING.compareAndSet(counting, null);
    }

    @Override
    public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
        FairIntake counting = intake.get();
        if (counting != null && !records.isEmpty()) {
            for (TopicPartition partition : records.partitions()) {
                counting.polled(new FairIntake.Source(partition.topic(), partition.partition()),
                        records.records(partition).size());
            }
        }
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        // Commits change nothing the intake counts.
    }

    @Override
    public void close() {
        // Holds nothing of its own.
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // Nothing to configure: the intake comes from countFor.
    }
}
