package dev.taskfleet.worker.messaging;

import dev.taskfleet.worker.flow.FairIntake;
import dev.taskfleet.worker.flow.PartitionOwnership;
import dev.taskfleet.worker.metrics.WorkerMetrics;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Tells {@link PartitionOwnership} which task partitions a rebalance took from this pod, so the
 * tasks read from them and not started yet are left to their new owner, and drops those still
 * waiting in the {@link FairIntake} (the {@code tasks} channel's {@code consumer-rebalance-listener.name}).
 *
 * <p>SmallRye calls this on the polling thread after it has dropped the partitions' queued records
 * and committed their contiguous acknowledged offsets, so every task still held from them is past
 * the committed offset: the new owner reads it again.
 *
 * <p>Not every departure reaches here, and each gap costs a call paid twice, never a lost task:
 * when the revocation's commit fails (a partition lost after a session timeout, when this pod is no
 * longer in the group), SmallRye 4.33 throws before calling this listener, so the held tasks run
 * here as well as on the new owner; and a record already on its way to {@link TaskConsumer} when
 * the rebalance starts, or a call granted during it, is leased or started before the hand-over.
 * Refusing leases for partitions not assigned at that moment would be worse: such a record can be
 * tracked in a fresh commit store, which its unacknowledged offset would then block.
 */
@ApplicationScoped
@Identifier(TaskPartitionsListener.NAME)
public class TaskPartitionsListener implements KafkaConsumerRebalanceListener {

    /** The name the channel's configuration refers to. */
    public static final String NAME = "taskfleet-task-partitions";

    private static final Logger LOG = Logger.getLogger(TaskPartitionsListener.class);

    @Inject
    PartitionOwnership ownership;
    @Inject
    FairIntake intake;

    @Inject
    WorkerMetrics metrics;

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> ownership.handOver(partition.topic(), partition.partition()));
        int dropped = intake.dropPartitions(sources(partitions));
        metrics.handedOver(dropped);
        if (!partitions.isEmpty()) {
            LOG.infof("%d task partition(s) left this pod in a rebalance; %d of their tasks waiting here and the "
                    + "others not started yet are left to the partitions' next owner: %s", partitions.size(), dropped,
                    partitions);
        }
    }

    /**
     * A partition assigned now is read from its committed offset: whatever the intake still holds of
     * it (from before a revocation this listener was not told of, when its commit failed) is read
     * again, so it is dropped, and the partition starts in the intake's wanted pause state. It counts
     * towards the per-partition share of the intake from now on.
     */
    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        int stale = intake.assign(sources(partitions));
        // Kafka calls this after every rebalance, also after one whose revocation never reached
        // onPartitionsRevoked: records counted as polled of partitions gone since are forgotten here.
        intake.retainArriving(sources(consumer.assignment()));
        if (stale > 0) {
            LOG.infof("%d tasks read before a rebalance from partitions assigned again are dropped; they are read "
                    + "again from the committed offset", stale);
        }
    }

    private static List<FairIntake.Source> sources(Collection<TopicPartition> partitions) {
        return partitions.stream().map(partition -> new FairIntake.Source(partition.topic(), partition.partition()))
                .toList();
    }
}
