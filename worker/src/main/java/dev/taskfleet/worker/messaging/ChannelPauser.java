package dev.taskfleet.worker.messaging;

import dev.taskfleet.worker.flow.FairIntake;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Pauses and resumes single partitions of the {@code tasks} channel's consumer for
 * {@link FairIntake}. The connector's own pausing is off ({@code pause-if-no-requests=false}), so
 * these are the only pauses; each runs on the consumer's polling thread, in the order asked, and
 * skips a partition no longer assigned (a rebalance ends its pause anyway).
 */
final class ChannelPauser implements FairIntake.Pauser {

    private static final Logger LOG = Logger.getLogger(ChannelPauser.class);

    private final KafkaClientService clients;
    private final String channel;
    private volatile KafkaConsumer<Object, Object> consumer;

    ChannelPauser(KafkaClientService clients, String channel) {
        this.clients = clients;
        this.channel = channel;
    }

    @Override
    public void pause(FairIntake.Source source) {
        onPollingThread(source, true);
    }

    @Override
    public void resume(FairIntake.Source source) {
        onPollingThread(source, false);
    }

    private void onPollingThread(FairIntake.Source source, boolean pause) {
        TopicPartition partition = new TopicPartition(source.topic(), source.partition());
        consumer().runOnPollingThread(kafka -> {
            if (!kafka.assignment().contains(partition)) {
                return;
            }
            if (pause) {
                kafka.pause(List.of(partition));
            } else {
                kafka.resume(List.of(partition));
            }
        }).subscribe().with(done -> { }, failure -> LOG.warnf(failure, "could not %s %s",
                pause ? "pause" : "resume", partition));
    }

    private KafkaConsumer<Object, Object> consumer() {
        KafkaConsumer<Object, Object> known = consumer;
        if (known == null) {
            // Asked only once a record has arrived, so the channel's consumer exists by then.
            known = clients.getConsumer(channel);
            consumer = known;
        }
        return known;
    }
}
