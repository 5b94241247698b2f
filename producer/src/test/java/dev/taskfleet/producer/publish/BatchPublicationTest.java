package dev.taskfleet.producer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.Task;
import dev.taskfleet.kafka.RecordSizeLimit;
import dev.taskfleet.kafka.TopicMessageLimits;
import dev.taskfleet.kafka.TopicProvisioner;
import dev.taskfleet.kafka.TopicSpec;
import dev.taskfleet.producer.batch.TaskTooLargeException;
import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.testkit.TopicCollector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The publication against the real test broker, including a send Kafka cannot take. */
class BatchPublicationTest {

    private final String bootstrap = TestBrokers.shared().bootstrapServers();
    private static final RecordSizeLimit KAFKA_DEFAULT = RecordSizeLimit.of(Map.of());

    private KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void createProducer() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // A topic that does not exist is reported after one second instead of a minute.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    @AfterEach
    void closeProducer() {
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void finishReturnsOnceTheBrokerHasAcknowledgedEveryTask() throws Exception {
        String topic = "publication-test.tasks";
        KafkaTestClients.createTopics(bootstrap, 1, List.of(topic));
        // An idempotent producer that pipelines into a partition whose leader is still starting up
        // can loop on OutOfOrderSequence until the delivery timeout (seen with Kafka 4.1.2); one
        // acknowledged write first makes sure the partition is ready.
        KafkaTestClients.send(bootstrap, topic, "warm-up", "{}");
        BatchPublication publication = new BatchPublication(producer, priority -> topic, "batch-p", Duration.ofSeconds(30),
                KAFKA_DEFAULT.bytesFor(topic));
        List<Task> batch = List.of(TaskBuilder.task().id("p-1").batch("batch-p").build(),
                TaskBuilder.task().id("p-2").batch("batch-p").priority(Priority.BULK).build(),
                TaskBuilder.task().id("p-3").batch("batch-p").priority(Priority.BULK).build());

        for (Task task : batch) {
            publication.accept(task);
        }

        assertThat(publication.finish()).isEqualTo(3);
        assertThat(publication.acknowledgedByPriority()).containsExactlyInAnyOrderEntriesOf(Map.of(
                Priority.STANDARD, 1L, Priority.BULK, 2L));
        try (TopicCollector collector = new TopicCollector(bootstrap, topic)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> collector.size() >= 4);
            List<ConsumerRecord<String, String>> tasks = collector.records().stream()
                    .filter(r -> !r.key().equals("warm-up")).toList();
            assertThat(tasks).extracting(ConsumerRecord::key).containsExactly("p-1", "p-2", "p-3");
            assertThat(tasks).extracting(ConsumerRecord::value)
                    .containsExactlyElementsOf(batch.stream().map(EventCodec::encode).toList());
        }
    }

    @Test
    void aSendKafkaCannotTakeFailsTheBatchAndStopsFurtherSends() throws Exception {
        BatchPublication publication = new BatchPublication(producer, priority -> "publication-test.missing", "batch-m",
                Duration.ofSeconds(30), KAFKA_DEFAULT.bytesFor("publication-test.missing"));
        publication.accept(TaskBuilder.task().id("m-1").build());

        // Kafka reports the missing topic through the send's callback once max.block.ms has passed.
        assertThatThrownBy(publication::finish)
                .isInstanceOf(PublishFailedException.class)
                .hasMessageStartingWith("publishing batch batch-m failed: ");
        assertThat(publication.settle()).isZero();
        assertThat(publication.acknowledgedByPriority()).as("a refused send is in no class").isEmpty();
        assertThatThrownBy(() -> publication.accept(TaskBuilder.task().id("m-2").build()))
                .isInstanceOf(PublishFailedException.class);
    }

    /**
     * A tasks topic whose {@code max.message.bytes} is below the producer's {@code max.request.size}.
     * Sized against the producer's limit alone (as before the topic's was read), a task between the
     * two is sent, the broker refuses it and the whole batch fails; sized against the topic's limit,
     * that task alone is refused before it is sent and the batch around it is published.
     */
    @Test
    void aTaskLargerThanTheTopicTakesIsRefusedAloneInsteadOfFailingTheBatch() throws Exception {
        String topic = "publication-test.small-" + UUID.randomUUID();
        int topicLimit = 20_000;
        Map<String, Integer> read;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicProvisioner(admin, Duration.ofSeconds(30)).ensure(List.of(new TopicSpec(topic, 1, (short) 1,
                    Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(topicLimit)))));
            read = TopicMessageLimits.read(admin, List.of(topic), Duration.ofSeconds(30));
        }
        KafkaTestClients.send(bootstrap, topic, "warm-up", "{}");
        Task huge = TaskBuilder.task().id("s-2").batch("batch-s").prompt("x".repeat(30_000)).build();

        BatchPublication unaware = new BatchPublication(producer, priority -> topic, "batch-s", Duration.ofSeconds(30),
                KAFKA_DEFAULT.bytesFor(topic));
        unaware.accept(huge);
        assertThatThrownBy(unaware::finish).isInstanceOf(PublishFailedException.class)
                .hasMessageContaining("RecordTooLargeException");

        BatchPublication sized = new BatchPublication(producer, priority -> topic, "batch-s", Duration.ofSeconds(30),
                KAFKA_DEFAULT.withTopicLimits(read).bytesFor(topic));
        sized.accept(TaskBuilder.task().id("s-1").batch("batch-s").build());
        assertThatThrownBy(() -> sized.accept(huge)).isInstanceOf(TaskTooLargeException.class)
                .hasMessageContaining("more than the " + topicLimit + " bytes the tasks topic takes");
        sized.accept(TaskBuilder.task().id("s-3").batch("batch-s").build());
        assertThat(sized.finish()).isEqualTo(2);
        try (TopicCollector collector = new TopicCollector(bootstrap, topic)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> collector.size() >= 3);
            assertThat(collector.records()).extracting(ConsumerRecord::key).containsExactly("warm-up", "s-1", "s-3");
        }
    }

    /**
     * A topic made a moment ago (a new inbox lane): each write waits for its acknowledgement until
     * every partition has one, so no two requests of the producer are in flight to a partition the
     * broker may still be applying (KAFKA-15591); the topic is then established and writes pipeline.
     */
    @Test
    void writesToANewTopicAreAcknowledgedOneByOneUntilEveryPartitionHasOne() throws Exception {
        String topic = "publication-test.new-" + UUID.randomUUID();
        KafkaTestClients.createTopics(bootstrap, 3, List.of(topic));
        Set<String> established = ConcurrentHashMap.newKeySet();
        TaskTopics lane = new TaskTopics() {
            @Override
            public String topicFor(Priority priority) {
                return topic;
            }

            @Override
            public boolean isNew(String t) {
                return !established.contains(t);
            }

            @Override
            public void established(String t) {
                assertThat(established.add(t)).as("established once").isTrue();
            }
        };
        BatchPublication publication = new BatchPublication(producer, lane, "batch-n", Duration.ofSeconds(30),
                KAFKA_DEFAULT.bytesFor(topic));

        int whileNew = 0;
        for (int i = 0; i < 40; i++) {
            boolean wasNew = lane.isNew(topic);
            publication.accept(TaskBuilder.task().id("n-" + i).batch("batch-n").build());
            if (wasNew) {
                whileNew++;
                assertThat(publication.acknowledgedByPriority().get(Priority.STANDARD))
                        .as("every write so far acknowledged when a write to the new topic returns").isEqualTo(i + 1L);
            }
        }

        assertThat(publication.finish()).isEqualTo(40);
        assertThat(established).containsExactly(topic);
        assertThat(whileNew).as("writes waited for, one per partition at least").isBetween(3, 39);
    }
}
