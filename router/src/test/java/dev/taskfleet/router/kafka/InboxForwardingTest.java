package dev.taskfleet.router.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.testkit.TopicCollector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The router reads every team's inbox lane beside {@code <prefix>.tasks}: a task of one team is
 * routed within the first polls although another team's lane holds a backlog written before it,
 * which on the one tasks topic it would have waited behind.
 */
class InboxForwardingTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int BACKLOG = 12_000;
    private static final int LANE_PARTITIONS = 3;

    private final String bootstrapServers = TestBrokers.shared().bootstrapServers();
    private TransactionalForwarder forwarder;

    @AfterEach
    void stop() throws InterruptedException {
        if (forwarder != null) {
            forwarder.stop(Duration.ofSeconds(15));
        }
    }

    @Test
    void aSmallTeamsTaskIsRoutedAheadOfTheBacklogOnAnotherTeamsLaneAndEveryTaskOnce() {
        TopicNames topics = ForwardingLoops.createTopics(bootstrapServers, "inbox-order");
        String bulkLane = topics.inbox("team-a", Priority.STANDARD);
        String smallLane = topics.inbox("team-b", Priority.INTERACTIVE);
        KafkaTestClients.createTopics(bootstrapServers, LANE_PARTITIONS, List.of(bulkLane, smallLane));
        // Written before the router starts: the whole backlog is there, ahead of team-b's task in time.
        String prompt = "x".repeat(1000);
        try (Producer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                // Not pipelined into the lanes just created (KAFKA-15591; RouterCrashIT says more).
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (int i = 0; i < BACKLOG; i++) {
                producer.send(new ProducerRecord<>(bulkLane, "a-" + i,
                        EventCodec.encode(TaskBuilder.task().id("a-" + i).team("team-a").prompt(prompt).build())));
            }
            producer.send(new ProducerRecord<>(smallLane, "b-1",
                    EventCodec.encode(TaskBuilder.task().id("b-1").team("team-b").priority(Priority.INTERACTIVE).build())));
            producer.flush();
        }

        forwarder = ForwardingLoops.start(bootstrapServers, "inbox-order",
                () -> new KafkaProducer<>(ForwardingLoops.producerConfig(bootstrapServers, "inbox-order")),
                new LaneTopics(topics, false, 0, null));

        try (TopicCollector fast = new TopicCollector(bootstrapServers, topics.tier("fast"))) {
            await().atMost(WAIT).until(() -> fast.size() >= BACKLOG + 1);
            List<ConsumerRecord<String, String>> routed = fast.records();
            assertThat(routed).extracting(ConsumerRecord::key).doesNotHaveDuplicates().hasSize(BACKLOG + 1);
            // The tier topic has one partition: a record's offset counts the tasks routed before it
            // (and the markers of the transactions that committed them).
            Optional<ConsumerRecord<String, String>> small = routed.stream().filter(r -> r.key().equals("b-1")).findFirst();
            assertThat(small).isPresent();
            assertThat(small.get().offset()).as("tasks of team-a routed before team-b's one task")
                    .isLessThan(BACKLOG / 2);
        }
    }
}
