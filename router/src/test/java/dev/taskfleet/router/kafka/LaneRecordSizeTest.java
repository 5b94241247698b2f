package dev.taskfleet.router.kafka;

import static dev.taskfleet.router.kafka.RouterRecords.header;
import static dev.taskfleet.router.kafka.RouterRecords.keys;
import static dev.taskfleet.router.kafka.RouterRecords.routedIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.DeadLetterHeaders;
import dev.taskfleet.contract.DeadLetterReasons;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.AdminLaneCluster;
import dev.taskfleet.kafka.LaneCluster;
import dev.taskfleet.kafka.RecordSizeLimit;
import dev.taskfleet.kafka.TopicMessageLimits;
import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.testkit.TopicCollector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With lanes on, a routed task is sized against its team's lane, which the router creates on first
 * use: a lane it creates takes what its tier topic takes (max.message.bytes copied), and a lane that
 * already existed with a smaller limit is sized against its own. What does not fit is dead-lettered;
 * the tasks behind it are placed and the loop keeps running.
 */
class LaneRecordSizeTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int TIER_LIMIT = 20_000;
    private static final int OLD_LANE_LIMIT = 10_000;

    private final String bootstrapServers = TestBrokers.shared().bootstrapServers();
    private final Admin admin = SmallTopics.admin(bootstrapServers);
    private TransactionalForwarder forwarder;

    @AfterEach
    void stop() throws InterruptedException {
        forwarder.stop(Duration.ofSeconds(15));
        admin.close();
    }

    @Test
    void aTaskTooLargeForItsLaneIsDeadLetteredAndTheLaneTakesWhatItsTierTakes() throws Exception {
        TopicNames topics = new TopicNames("lanes-size");
        SmallTopics.create(bootstrapServers, 2, TIER_LIMIT, List.of(topics.tier("fast")));
        // A lane made before (another router, an earlier release) with less room than its tier.
        SmallTopics.create(bootstrapServers, 2, OLD_LANE_LIMIT, List.of(topics.lane("fast", "team-b")));
        ForwardingLoops.createTopics(bootstrapServers, topics.prefix());
        Map<String, Object> config = ForwardingLoops.producerConfig(bootstrapServers, topics.prefix());
        DestinationLimits limits = new DestinationLimits(RecordSizeLimit.of(config),
                asked -> TopicMessageLimits.read(admin, asked, WAIT));
        forwarder = ForwardingLoops.start(bootstrapServers, topics.prefix(), () -> new KafkaProducer<>(config),
                new LaneTopics(topics, true, 8, new AdminLaneCluster(admin, (short) 1, WAIT, limits::maxMessageBytes)),
                limits);

        submit(topics, "a-small", "team-a", "short");
        submit(topics, "a-large", "team-a", "p".repeat(TIER_LIMIT + 5_000));
        submit(topics, "b-medium", "team-b", "p".repeat((TIER_LIMIT + OLD_LANE_LIMIT) / 2));
        submit(topics, "a-after", "team-a", "short");

        try (TopicCollector laneA = new TopicCollector(bootstrapServers, topics.lane("fast", "team-a"));
                TopicCollector laneB = new TopicCollector(bootstrapServers, topics.lane("fast", "team-b"));
                TopicCollector deadLetters = new TopicCollector(bootstrapServers, topics.deadLetters())) {
            await().atMost(WAIT).until(() -> routedIds(laneA).contains("a-after") && deadLetters.size() == 2);
            assertThat(routedIds(laneA)).containsExactlyInAnyOrder("a-small", "a-after");
            assertThat(laneB.size()).isZero();
            assertThat(keys(deadLetters)).containsExactly("a-large", "b-medium");
            assertThat(reason(deadLetters, "a-large")).contains(topics.lane("fast", "team-a"))
                    .contains("max.message.bytes " + TIER_LIMIT);
            assertThat(reason(deadLetters, "b-medium")).contains(topics.lane("fast", "team-b"))
                    .contains("max.message.bytes " + OLD_LANE_LIMIT);
            assertThat(deadLetters.records()).allSatisfy(r -> assertThat(header(r, DeadLetterHeaders.REASON_CODE))
                    .isEqualTo(DeadLetterReasons.INVALID_TASK));
        }
        assertThat(SmallTopics.ownMaxMessageBytes(admin, topics.lane("fast", "team-a")))
                .as("a lane the router creates takes what its tier topic takes").isEqualTo(Integer.toString(TIER_LIMIT));
        assertThat(forwarder.failure()).isNull();
        assertThat(forwarder.isRunning()).isTrue();
    }

    private static String reason(TopicCollector deadLetters, String key) {
        ConsumerRecord<String, String> record = deadLetters.records().stream().filter(r -> r.key().equals(key))
                .findFirst().orElseThrow();
        return header(record, DeadLetterHeaders.REASON);
    }

    private void submit(TopicNames topics, String id, String team, String prompt) {
        KafkaTestClients.send(bootstrapServers, topics.tasks(), id,
                EventCodec.encode(TaskBuilder.task().id(id).team(team).prompt(prompt).build()));
    }
}
