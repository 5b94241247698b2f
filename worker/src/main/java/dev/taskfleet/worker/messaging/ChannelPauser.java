package dev.taskfleet.worker.messaging;

import dev.taskfleet.worker.flow.FairIntake;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Pauses and resumes partitions of the {@code tasks} channel's consumers for {@link FairIntake}.
 * The connector's own pausing is off ({@code pause-if-no-requests=false}), so these are the only
 * pauses. Each request runs on a consumer's polling thread and applies the state the intake wants
 * at that moment ({@link FairIntake#pauseWanted}), for partitions that consumer still has: a
 * request that arrives after a rebalance moved the partition away and back cannot leave it paused
 * with nothing waiting. Never blocks and never throws.
 */
final class ChannelPauser implements FairIntake.Pauser {

    private static final Logger LOG = Logger.getLogger(ChannelPauser.class);

    private final KafkaClientService clients;
    private final String channel;
    private volatile Predicate<FairIntake.Source> wanted = source -> false;

    ChannelPauser(KafkaClientService clients, String channel) {
        this.clients = clients;
        this.channel = channel;
    }

    /** Where the wanted state comes from: the intake, once it exists. */
    void wantedBy(Predicate<FairIntake.Source> pauseWanted) {
        this.wanted = pauseWanted;
    }

    @Override
    public void sync(FairIntake.Source source) {
        TopicPartition partition = new TopicPartition(source.topic(), source.partition());
        onEveryConsumer(kafka -> {
            if (kafka.assignment().contains(partition)) {
                apply(kafka, partition, wanted.test(source));
            }
        });
    }

    @Override
    public void syncAll() {
        onEveryConsumer(kafka -> {
            for (TopicPartition partition : kafka.assignment()) {
                apply(kafka, partition, wanted.test(new FairIntake.Source(partition.topic(), partition.partition())));
            }
        });
    }

    private static void apply(Consumer<?, ?> kafka, TopicPartition partition, boolean pause) {
        if (pause) {
            kafka.pause(List.of(partition));
        } else {
            kafka.resume(List.of(partition));
        }
    }

    /**
     * A consumer closed on shutdown refuses with {@link IllegalStateException}: there is nothing left
     * to pause or resume, so that is not worth a warning with a stack trace per partition.
     */
    private void report(Throwable failure) {
        if (failure instanceof IllegalStateException) {
            LOG.debugf("did not pause or resume partitions of channel %s: %s", channel, failure.getMessage());
        } else {
            LOG.warnf(failure, "could not pause or resume partitions of channel %s", channel);
        }
    }

    private void onEveryConsumer(java.util.function.Consumer<Consumer<Object, Object>> action) {
        List<KafkaConsumer<Object, Object>> consumers;
        try {
            consumers = new ArrayList<>(clients.<Object, Object>getConsumers(channel));
        } catch (RuntimeException e) {
            LOG.warnf(e, "could not reach the consumers of channel %s to pause or resume partitions", channel);
            return;
        }
        for (KafkaConsumer<Object, Object> consumer : consumers) {
            try {
                consumer.runOnPollingThread(action).subscribe().with(done -> { }, this::report);
            } catch (RuntimeException e) {
                LOG.warnf(e, "could not pause or resume partitions of channel %s", channel);
            }
        }
    }
}
