package dev.taskfleet.producer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.Task;
import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.testkit.TopicCollector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The publication against the real test broker, including a send Kafka cannot take. */
class BatchPublicationTest {

    private final String bootstrap = TestBrokers.shared().bootstrapServers();
    private KafkaProducer<String, String> producer;

    @BeforeEach
    void createProducer() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // A topic that does not exist is reported after one second instead of a minute.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    @AfterEach
    void closeProducer() {
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void finishReturnsOnceTheBrokerHasAcknowledgedEveryTask() {
        String topic = "publication-test.tasks";
        KafkaTestClients.createTopics(bootstrap, 1, List.of(topic));
        // An idempotent producer that pipelines into a partition whose leader is still starting up
        // can loop on OutOfOrderSequence until the delivery timeout (seen with Kafka 4.1.2); one
        // acknowledged write first makes sure the partition is ready.
        KafkaTestClients.send(bootstrap, topic, "warm-up", "{}");
        BatchPublication publication = new BatchPublication(producer, topic, "batch-p", Duration.ofSeconds(30));
        List<Task> batch = List.of(TaskBuilder.task().id("p-1").batch("batch-p").build(),
                TaskBuilder.task().id("p-2").batch("batch-p").build(),
                TaskBuilder.task().id("p-3").batch("batch-p").build());

        batch.forEach(publication::accept);

        assertThat(publication.finish()).isEqualTo(3);
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
    void aSendKafkaCannotTakeFailsTheBatchAndStopsFurtherSends() {
        BatchPublication publication = new BatchPublication(producer, "publication-test.missing", "batch-m",
                Duration.ofSeconds(30));
        publication.accept(TaskBuilder.task().id("m-1").build());

        // Kafka reports the missing topic through the send's callback once max.block.ms has passed.
        assertThatThrownBy(publication::finish)
                .isInstanceOf(PublishFailedException.class)
                .hasMessageStartingWith("publishing batch batch-m failed: ");
        assertThat(publication.settle()).isZero();
        assertThatThrownBy(() -> publication.accept(TaskBuilder.task().id("m-2").build()))
                .isInstanceOf(PublishFailedException.class);
    }
}
