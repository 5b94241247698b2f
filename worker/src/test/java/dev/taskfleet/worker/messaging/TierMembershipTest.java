package dev.taskfleet.worker.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.worker.ratelimit.TierRateLimiter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The quota split against the real broker: pods are consumers in the tier's group, and the split
 * follows them as one joins and leaves.
 */
class TierMembershipTest {

    private static final String TOPIC = "membership-test.tasks.fast";
    private static final String GROUP = "taskfleet-worker-membership-test";
    /** A group rebalance plus one look-up interval, with room for a loaded machine. */
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @Test
    void theShareHalvesWhenASecondPodJoinsAndDoublesBackWhenItLeaves() throws Exception {
        String bootstrap = TestBrokers.shared().bootstrapServers();
        KafkaTestClients.createTopics(bootstrap, 2, List.of(TOPIC));
        TierRateLimiter limiter = TierRateLimiter.fleetShare(OptionalLong.of(600), OptionalLong.empty(), System::nanoTime);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));

        try (TierMembership membership = new TierMembership(admin, GROUP, limiter, Duration.ofSeconds(10));
                PollingPod first = new PollingPod(bootstrap)) {
            membership.start(Duration.ofMillis(250));
            await().atMost(WITHIN).until(() -> first.assigned().size() == 2);
            await().atMost(WITHIN).until(() -> membership.refresh() == 1);
            assertThat(limiter.pods()).as("a pod alone takes the whole quota").isEqualTo(1);

            try (PollingPod second = new PollingPod(bootstrap)) {
                await().atMost(WITHIN).until(() -> second.assigned().size() == 1 && first.assigned().size() == 1);
                await().atMost(Duration.ofSeconds(5)).until(() -> limiter.pods() == 2);
            }
            await().atMost(WITHIN).until(() -> first.assigned().size() == 2);
            await().atMost(Duration.ofSeconds(5)).until(() -> limiter.pods() == 1);
        }
    }

    /** A worker pod as the group sees it: a consumer that keeps polling on its own thread. */
    private static final class PollingPod implements AutoCloseable {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;
        private volatile Set<TopicPartition> assigned = Set.of();

        PollingPod(String bootstrap) {
            thread = new Thread(() -> {
                try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG, GROUP),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                    consumer.subscribe(List.of(TOPIC));
                    while (running.get()) {
                        consumer.poll(Duration.ofMillis(100));
                        assigned = Set.copyOf(consumer.assignment());
                    }
                }
            }, "polling-pod");
            thread.start();
        }

        Set<TopicPartition> assigned() {
            return assigned;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}
