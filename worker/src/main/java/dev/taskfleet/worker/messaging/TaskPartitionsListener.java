package dev.taskfleet.worker.messaging;

import dev.taskfleet.worker.flow.PartitionOwnership;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Tells {@link PartitionOwnership} which task partitions a rebalance took from this pod, so the
 * tasks read from them and not started yet are left to their new owner (the {@code tasks}
 * channel's {@code consumer-rebalance-listener.name}).
 *
 * <p>SmallRye calls this on the polling thread after it has dropped the partitions' queued records
 * and committed their contiguous acknowledged offsets, so every task still held from them is past
 * the committed offset: the new owner reads it again. A lost partition (this pod expelled from the
 * group) goes the same way, through the listener's default {@code onPartitionsLost}.
 */
@ApplicationScoped
@Identifier(TaskPartitionsListener.NAME)
public class TaskPartitionsListener implements KafkaConsumerRebalanceListener {

    /** The name the channel's configuration refers to. */
    public static final String NAME = "taskfleet-task-partitions";

    private static final Logger LOG = Logger.getLogger(TaskPartitionsListener.class);

    @Inject
    PartitionOwnership ownership;

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> ownership.handOver(partition.topic(), partition.partition()));
        if (!partitions.isEmpty()) {
            LOG.infof("%d task partition(s) left this pod in a rebalance; their tasks not started here are left to "
                    + "the partitions' next owner: %s", partitions.size(), partitions);
        }
    }
}
