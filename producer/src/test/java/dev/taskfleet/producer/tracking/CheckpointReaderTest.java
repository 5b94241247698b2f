package dev.taskfleet.producer.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.TopicFollower;
import dev.taskfleet.kafka.TopicProvisioner;
import dev.taskfleet.producer.broker.TopicSetup;
import dev.taskfleet.testkit.TestBrokers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** Which checkpoint a starting replica finds, on the real embedded broker. */
class CheckpointReaderTest {

    private static final Duration WINDOW = Duration.ofMinutes(6);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void theNewestWholeCheckpointWinsAndOneOlderThanTheWindowIsFoundByReadingEverything() throws Exception {
        String bootstrap = TestBrokers.shared().bootstrapServers();
        TopicNames names = new TopicNames("ckpt-read");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     bootstrap), new ByteArraySerializer(), new ByteArraySerializer());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(TopicFollower.consumerSettings(
                     Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), "checkpoint-reader-test"))) {
            new TopicProvisioner(admin, TIMEOUT).ensure(List.of(TopicSetup.trackerCheckpoints(names, (short) 1)));
            String topic = names.trackerCheckpoints();
            assertThat(CheckpointReader.newest(consumer, topic, WINDOW, TIMEOUT)).as("an empty topic").isEmpty();

            Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
            write(producer, topic, checkpoint("old-1", 10), hourAgo, 2);
            // A newer one cut off by a crash, inside the window: its last chunk never came.
            List<byte[]> cutOff = CheckpointChunks.split("new-1", checkpoint("new-1", 20).encode(), 20);
            for (byte[] chunk : cutOff.subList(0, cutOff.size() - 1)) {
                producer.send(new ProducerRecord<>(topic, 0, Instant.now().toEpochMilli(), key("new"), chunk)).get();
            }
            assertThat(CheckpointReader.newest(consumer, topic, WINDOW, TIMEOUT)).as("found by reading the whole topic")
                    .extracting(TrackerCheckpoint::generation).containsExactly("old-1");

            write(producer, topic, checkpoint("new-2", 30), Instant.now(), 3);
            List<TrackerCheckpoint> newest = CheckpointReader.newest(consumer, topic, WINDOW, TIMEOUT);
            assertThat(newest).extracting(TrackerCheckpoint::generation).containsExactly("new-2");
            assertThat(newest.get(0).positions()).containsEntry(new TopicPartition(names.results(), 0), 30L);
            assertThat(newest.get(0).topicIds()).containsEntry(names.results(), "id-of-results");

            // A newer one whose bytes were damaged after its CRC was taken: the older ones are offered instead.
            byte[] damaged = checkpoint("new-3", 40).encode();
            damaged[damaged.length / 2] ^= 0x01;
            List<byte[]> chunks = CheckpointChunks.split("new-3", damaged, damaged.length);
            producer.send(new ProducerRecord<>(topic, 0, Instant.now().toEpochMilli(), key("new-3/0"), chunks.get(0))).get();
            write(producer, topic, checkpoint("new-4", 50), Instant.now(), 1);
            assertThat(CheckpointReader.newest(consumer, topic, WINDOW, TIMEOUT)).extracting(TrackerCheckpoint::generation)
                    .as("newest first, the damaged one left out").containsExactly("new-4", "new-2");
        }
    }

    private static TrackerCheckpoint checkpoint(String generation, long position) {
        return new TrackerCheckpoint(generation, Instant.now(), Map.of("ckpt-read.results", "id-of-results"),
                Map.of(new TopicPartition("ckpt-read.results", 0), position), new byte[64]);
    }

    private static void write(KafkaProducer<byte[], byte[]> producer, String topic, TrackerCheckpoint checkpoint,
            Instant at, int chunkCount) throws Exception {
        byte[] encoded = checkpoint.encode();
        List<byte[]> chunks = CheckpointChunks.split(checkpoint.generation(), encoded, encoded.length / chunkCount + 1);
        assertThat(chunks).hasSize(chunkCount);
        for (int i = 0; i < chunks.size(); i++) {
            producer.send(new ProducerRecord<>(topic, 0, at.toEpochMilli(), key(checkpoint.generation() + "/" + i),
                    chunks.get(i))).get();
        }
    }

    private static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
