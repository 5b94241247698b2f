package dev.taskfleet.router.kafka;

import static dev.taskfleet.router.kafka.RouterRecords.routedIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.AdminLaneCluster;
import dev.taskfleet.kafka.LaneCluster;
import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.testkit.TopicCollector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With lanes on, the forwarding loop places each task on its team's lane of the tier, creates the
 * lane on first use like the tier topic, stops creating lanes at the bound, and retries a
 * transaction whose lane could not be created rather than losing or misplacing the task.
 */
class LaneForwardingTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int TIER_PARTITIONS = 3;

    private final String bootstrapServers = TestBrokers.shared().bootstrapServers();
    private final Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    private TransactionalForwarder forwarder;

    @AfterEach
    void stop() throws InterruptedException {
        forwarder.stop(Duration.ofSeconds(15));
        admin.close();
    }

    @Test
    void eachTeamGetsItsOwnLaneWithTheTierTopicsPartitionsUpToTheBound() throws Exception {
        TopicNames topics = createTopics("lanes-bound");
        start(topics, 2, new AdminLaneCluster(admin, (short) 1, WAIT, topic -> Optional.empty()));

        submit(topics, "a-1", "team-a");
        submit(topics, "b-1", "team-b");
        submit(topics, "c-1", "team-c");
        submit(topics, "a-2", "team-a");

        try (TopicCollector laneA = new TopicCollector(bootstrapServers, topics.lane("fast", "team-a"));
                TopicCollector laneB = new TopicCollector(bootstrapServers, topics.lane("fast", "team-b"));
                TopicCollector shared = new TopicCollector(bootstrapServers, topics.tier("fast"))) {
            await().atMost(WAIT).until(() -> laneA.size() == 2 && laneB.size() == 1 && shared.size() == 1);
            assertThat(routedIds(laneA)).containsExactlyInAnyOrder("a-1", "a-2");
            assertThat(routedIds(laneB)).containsExactly("b-1");
            assertThat(routedIds(shared)).as("the third team is over the bound of two lanes").containsExactly("c-1");
        }
        assertThat(admin.describeTopics(List.of(topics.lane("fast", "team-a"))).allTopicNames().get()
                .get(topics.lane("fast", "team-a")).partitions()).hasSize(TIER_PARTITIONS);
        assertThat(admin.listTopics().names().get()).doesNotContain(topics.lane("fast", "team-c"));
    }

    /**
     * A lane is not a partition: one team alone still spreads over every partition of its lane,
     * as many as the tier topic has, so every pod of the tier gets some of its work.
     */
    @Test
    void aTeamAloneSpreadsOverEveryPartitionOfItsLane() throws Exception {
        TopicNames topics = createTopics("lanes-spread");
        start(topics, 4, new AdminLaneCluster(admin, (short) 1, WAIT, topic -> Optional.empty()));

        for (int i = 0; i < 30; i++) {
            submit(topics, "solo-" + i, "team-solo");
        }

        try (TopicCollector lane = new TopicCollector(bootstrapServers, topics.lane("fast", "team-solo"))) {
            await().atMost(WAIT).until(() -> lane.size() == 30);
            assertThat(lane.records().stream().map(ConsumerRecord::partition).collect(Collectors.toSet()))
                    .as("partitions of the team's lane holding its tasks").hasSize(TIER_PARTITIONS);
        }
    }

    @Test
    void eachPriorityOfATeamGetsALaneAndOverTheBoundAClassFallsBackToTheTeamsStandardLane() throws Exception {
        TopicNames topics = createTopics("lanes-priority");
        start(topics, 2, new AdminLaneCluster(admin, (short) 1, WAIT, topic -> Optional.empty()));

        submit(topics, "std-1", "team-a", Priority.STANDARD);
        submit(topics, "now-1", "team-a", Priority.INTERACTIVE);
        submit(topics, "later-1", "team-a", Priority.BULK);

        try (TopicCollector standard = new TopicCollector(bootstrapServers, topics.lane("fast", "team-a"));
                TopicCollector interactive = new TopicCollector(bootstrapServers,
                        topics.lane("fast", "team-a", Priority.INTERACTIVE))) {
            await().atMost(WAIT).until(() -> standard.size() == 2 && interactive.size() == 1);
            assertThat(routedIds(interactive)).containsExactly("now-1");
            assertThat(routedIds(standard)).as("bulk is over the bound of two lanes: the team's standard lane")
                    .containsExactlyInAnyOrder("std-1", "later-1");
        }
        assertThat(admin.listTopics().names().get()).doesNotContain(topics.lane("fast", "team-a", Priority.BULK));
    }

    @Test
    void aLaneThatCannotBeCreatedAbortsTheTransactionAndTheTaskIsPlacedOnceWhenItCan() {
        TopicNames topics = createTopics("lanes-retry");
        AdminLaneCluster cluster = new AdminLaneCluster(admin, (short) 1, WAIT, topic -> Optional.empty());
        AtomicInteger attempts = new AtomicInteger();
        start(topics, 8, new LaneCluster() {
            @Override
            public Set<String> topicNames() {
                return cluster.topicNames();
            }

            @Override
            public void createLike(String lane, String tierTopic) {
                if (attempts.incrementAndGet() == 1) {
                    throw new KafkaException("controller unavailable (test)");
                }
                cluster.createLike(lane, tierTopic);
            }
        });

        submit(topics, "retried", "team-r");

        try (TopicCollector lane = new TopicCollector(bootstrapServers, topics.lane("fast", "team-r"));
                TopicCollector deadLetters = new TopicCollector(bootstrapServers, topics.deadLetters())) {
            await().atMost(WAIT).until(() -> lane.size() == 1);
            assertThat(attempts).hasValue(2);
            assertThat(routedIds(lane)).containsExactly("retried");
            assertThat(deadLetters.size()).isZero();
            assertThat(forwarder.failure()).isNull();
        }
    }

    private TopicNames createTopics(String prefix) {
        TopicNames topics = new TopicNames(prefix);
        KafkaTestClients.createTopics(bootstrapServers, TIER_PARTITIONS, List.of(topics.tier("fast")));
        return ForwardingLoops.createTopics(bootstrapServers, prefix);
    }

    private void start(TopicNames topics, int maxLanes, LaneCluster cluster) {
        Map<String, Object> config = ForwardingLoops.producerConfig(bootstrapServers, topics.prefix());
        forwarder = ForwardingLoops.start(bootstrapServers, topics.prefix(), () -> new KafkaProducer<>(config),
                new LaneTopics(topics, true, maxLanes, cluster));
    }

    private void submit(TopicNames topics, String id, String team) {
        submit(topics, id, team, Priority.STANDARD);
    }

    private void submit(TopicNames topics, String id, String team, Priority priority) {
        KafkaTestClients.send(bootstrapServers, topics.tasks(), id,
                EventCodec.encode(TaskBuilder.task().id(id).team(team).priority(priority).build()));
    }
}
