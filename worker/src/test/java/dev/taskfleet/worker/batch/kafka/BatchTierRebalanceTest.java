package dev.taskfleet.worker.batch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.kafka.KafkaClientSettings;
import dev.taskfleet.kafka.KafkaLogin;
import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.TestBrokers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A batch tier's consumer gives up only the partitions that move when a second pod joins its group,
 * on a real broker: the first pod keeps following the provider batches of the partitions it keeps,
 * rather than dropping and re-reading all of them as Kafka's default eager protocol made it do.
 */
class BatchTierRebalanceTest {

    private static final int PARTITIONS = 4;

    /** What the group did to one member. */
    private static final class Recorded implements ConsumerRebalanceListener {
        final Set<TopicPartition> revoked = new HashSet<>();
        final Set<TopicPartition> lost = new HashSet<>();

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            revoked.addAll(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            lost.addAll(partitions);
        }
    }

    @Test
    void aSecondPodTakesSomePartitionsWithoutTheFirstGivingUpTheOthers() {
        String bootstrap = TestBrokers.shared().bootstrapServers();
        String topic = "batch-rebalance-" + UUID.randomUUID() + ".provider-batches";
        KafkaTestClients.createTopics(bootstrap, PARTITIONS, List.of(topic));
        BatchTierClients clients = new BatchTierClients(KafkaClientSettings.of(
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap), KafkaLogin.none()),
                new SimpleMeterRegistry());
        String group = "taskfleet-worker-rebalance-" + UUID.randomUUID();
        Recorded first = new Recorded();
        Recorded second = new Recorded();
        try (KafkaConsumer<byte[], byte[]> a = clients.consumer("pod-a", group);
             KafkaConsumer<byte[], byte[]> b = clients.consumer("pod-b", group)) {
            a.subscribe(List.of(topic), first);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                a.poll(Duration.ofMillis(100));
                return a.assignment().size() == PARTITIONS;
            });

            b.subscribe(List.of(topic), second);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                a.poll(Duration.ofMillis(100));
                b.poll(Duration.ofMillis(100));
                return !b.assignment().isEmpty() && a.assignment().size() + b.assignment().size() == PARTITIONS;
            });

            assertThat(first.revoked).as("the first pod gave up exactly what the second took")
                    .isEqualTo(b.assignment());
            assertThat(a.assignment()).as("and kept the rest throughout").hasSize(PARTITIONS - b.assignment().size());
            assertThat(first.lost).isEmpty();
        } finally {
            clients.unbindMetrics();
        }
    }
}
