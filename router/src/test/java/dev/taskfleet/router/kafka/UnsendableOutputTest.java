package dev.taskfleet.router.kafka;

import static dev.taskfleet.router.kafka.RouterRecords.header;
import static dev.taskfleet.router.kafka.RouterRecords.routedIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.DeadLetterHeaders;
import dev.taskfleet.contract.DeadLetterReasons;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.DeadLetterRecords;
import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.testkit.TopicCollector;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An output the broker refuses for good (here: larger than the producer's {@code max.request.size})
 * must not stall the forwarding loop forever with liveness UP. The router sizes its records before
 * sending ({@code RecordSizeForwardingTest}); here the sizing is not told the producer's limit, as when
 * a topic's limit changed after the router read it, so the broker's refusal is what the loop meets.
 */
class UnsendableOutputTest {

    /** Smaller than the test inputs: the router can write neither their dead letter nor their routed copy. */
    private static final int MAX_REQUEST_SIZE = 3_100;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String bootstrapServers = TestBrokers.shared().bootstrapServers();
    private TransactionalForwarder forwarder;
    private TopicCollector collector;

    @AfterEach
    void stop() throws InterruptedException {
        forwarder.stop(Duration.ofSeconds(15));
        collector.close();
    }

    @Test
    void aDeadLetterTooLargeForTheTopicIsWrittenWithoutItsValueAndForwardingGoesOn() {
        TopicNames topics = start("unsendable-dlq");
        collector = new TopicCollector(bootstrapServers, topics.deadLetters());
        KafkaTestClients.send(bootstrapServers, topics.tasks(), "huge-garbage", "x".repeat(3_000));
        KafkaTestClients.send(bootstrapServers, topics.tasks(), "after-garbage",
                EventCodec.encode(TaskBuilder.task().id("after-garbage").build()));

        try (TopicCollector fast = new TopicCollector(bootstrapServers, topics.tier("fast"))) {
            await().atMost(WAIT).until(() -> collector.size() == 1 && fast.size() == 1);
            assertThat(routedIds(fast)).containsExactly("after-garbage");
        }
        var deadLetter = collector.records().get(0);
        assertThat(deadLetter.key()).isEqualTo("huge-garbage");
        assertThat(deadLetter.value()).isNull();
        assertThat(header(deadLetter, DeadLetterHeaders.REASON)).endsWith(DeadLetterRecords.VALUE_DROPPED);
        assertThat(header(deadLetter, DeadLetterHeaders.REASON_CODE)).isEqualTo(DeadLetterReasons.UNPARSEABLE);
        assertThat(header(deadLetter, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(forwarder.failure()).isNull();
    }

    @Test
    void anOutputThatCanNeverBeWrittenStopsTheLoopNamingTheRecord() {
        TopicNames topics = start("unsendable-routed");
        collector = new TopicCollector(bootstrapServers, topics.tier("fast"));
        KafkaTestClients.send(bootstrapServers, topics.tasks(), "huge-task",
                EventCodec.encode(TaskBuilder.task().id("huge-task").prompt("p".repeat(3_100)).build()));

        await().atMost(WAIT).until(() -> forwarder.failure() != null);

        assertThat(forwarder.failure()).contains("3 transactions in a row aborted on record " + topics.tasks() + "-0@0")
                .contains(topics.tier("fast")).contains("RecordTooLargeException");
        assertThat(forwarder.isRunning()).isFalse();
        assertThat(collector.size()).isZero();
    }

    private TopicNames start(String prefix) {
        TopicNames topics = ForwardingLoops.createTopics(bootstrapServers, prefix);
        Map<String, Object> config = ForwardingLoops.producerConfig(bootstrapServers, prefix);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_SIZE);
        forwarder = ForwardingLoops.start(bootstrapServers, prefix, () -> new KafkaProducer<>(config));
        return topics;
    }
}
