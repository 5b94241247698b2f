package dev.taskfleet.producer.api;

import static dev.taskfleet.producer.api.Fleet.BATCHES;
import static dev.taskfleet.producer.api.Fleet.T0;
import static dev.taskfleet.producer.api.Fleet.as;
import static dev.taskfleet.producer.api.Fleet.publish;
import static dev.taskfleet.producer.api.Fleet.result;
import static dev.taskfleet.producer.api.Fleet.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.testkit.Events;
import dev.taskfleet.testkit.KafkaTestResource;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.testkit.TopicCollector;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * With inbox lanes on, a team's tasks are published to its own lanes, one per class, and read
 * back from there: the task detail and a retry find them as they do on the tasks topic.
 */
@QuarkusTest
@TestProfile(InboxLanesProfile.class)
@QuarkusTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPIC_PREFIX_ARG, value = Fleet.PREFIX))
class InboxLanesApiTest {

    private static final String KEY = TeamsProfile.KEY_A;
    private static final TopicNames TOPICS = new TopicNames(Fleet.PREFIX);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aTeamsTasksGoToItsLaneOfTheirClassAndAreFoundThereForTheDetailAndARetry() {
        String bulk = submit(KEY, "lane-bulk-", 3, "bulk");
        String standard = submit(KEY, "lane-std-", 2);
        String bootstrap = TestBrokers.shared().bootstrapServers();

        try (TopicCollector bulkLane = new TopicCollector(bootstrap, TOPICS.inbox("team-a", Priority.BULK));
             TopicCollector standardLane = new TopicCollector(bootstrap, TOPICS.inbox("team-a", Priority.STANDARD));
             TopicCollector tasksTopic = new TopicCollector(bootstrap, TOPICS.tasks())) {
            await().atMost(WAIT).until(() -> ofBatch(bulkLane, bulk).size() == 3 && ofBatch(standardLane, standard).size() == 2);
            assertThat(ofBatch(bulkLane, standard)).as("each class on its own lane").isEmpty();
            assertThat(ofBatch(standardLane, bulk)).isEmpty();
            // The tasks topic is read to its end (as of now) before it is checked for the batches.
            Map<TopicPartition, Long> end = endOffsets(bootstrap, TOPICS.tasks());
            await().atMost(WAIT).until(() -> tasksTopic.caughtUpTo(end));
            assertThat(ofBatch(tasksTopic, bulk)).isEmpty();
            assertThat(ofBatch(tasksTopic, standard)).isEmpty();

            as(KEY).when().get(BATCHES + "/" + bulk + "/tasks/lane-bulk-1").then().statusCode(200)
                    .body("taskId", equalTo("lane-bulk-1"));

            publish(result(bulk, "lane-bulk-0", "fast", ResultStatus.SUCCEEDED, 1, T0),
                    result(bulk, "lane-bulk-1", "fast", ResultStatus.FAILED, 1, T0.plusSeconds(1)),
                    result(bulk, "lane-bulk-2", "fast", ResultStatus.FAILED, 1, T0.plusSeconds(2)));
            await().atMost(WAIT).until(() -> "COMPLETED".equals(as(KEY).when().get(BATCHES + "/" + bulk)
                    .then().statusCode(200).extract().path("state")));
            as(KEY).when().post(BATCHES + "/" + bulk + "/retry").then().statusCode(202)
                    .body("run", equalTo(2)).body("resubmitted", equalTo(2));

            await().atMost(WAIT).until(() -> ofBatch(bulkLane, bulk).stream().filter(t -> t.run() == 2).count() == 2);
            assertThat(ofBatch(bulkLane, bulk)).filteredOn(t -> t.run() == 2).extracting(Task::id)
                    .containsExactlyInAnyOrder("lane-bulk-1", "lane-bulk-2");
        }
    }

    private static Map<TopicPartition, Long> endOffsets(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, WAIT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions, WAIT);
        }
    }

    private static List<Task> ofBatch(TopicCollector collector, String batchId) {
        return collector.records().stream().map(r -> Events.decode(r, Task.class))
                .filter(t -> batchId.equals(t.batchId())).toList();
    }
}
