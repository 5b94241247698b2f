package dev.taskfleet.worker.messaging;

import dev.taskfleet.worker.flow.FairIntake;
import java.util.Map;
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
 * static field when it is built ({@link TaskIntakeComponents}); until then polls are not counted,
 * and the intake simply finds nothing counted when those records arrive. Never throws.
 */
public final class PolledRecordsCounter implements ConsumerInterceptor<Object, Object> {

    private static volatile FairIntake intake;

    /** The intake that counts from now on ({@code null}: none); one per worker process. */
    static void countFor(FairIntake counting) {
        intake = counting;
    }

    /** The intake counting now, or {@code null}. */
    static FairIntake counting() {
        return intake;
    }

    @Override
    public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
        FairIntake counting = intake;
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
