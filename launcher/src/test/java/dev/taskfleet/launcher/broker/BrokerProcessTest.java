package dev.taskfleet.launcher.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real broker JVM from {@code target/lib}, which the build fills before the tests run. */
class BrokerProcessTest {

    private static final Path LIB = Path.of("target", "lib");

    @TempDir
    Path dir;

    @Test
    void startsFormatsRoundTripsARecordAndStopsWithoutLeavingAProcess() throws Exception {
        BrokerProcess broker = BrokerProcess.start(dir.resolve("kafka"), LIB, 0, 0, dir.resolve("logs"));
        long pid = broker.pid();
        try {
            broker.awaitReady(Duration.ofMinutes(2));
            assertThat(dir.resolve("kafka/data/meta.properties")).exists();
            assertThat(broker.bootstrapServers()).isEqualTo("localhost:" + broker.port());

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("round-trip", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("round-trip", "k", "hello")).get();
            }
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                    new StringDeserializer(), new StringDeserializer())) {
                TopicPartition partition = new TopicPartition("round-trip", 0);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> {
                            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                            return !received.isEmpty();
                        });
            }
            assertThat(received).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("k");
                assertThat(record.value()).isEqualTo("hello");
            });
        } finally {
            broker.close();
        }

        assertThat(broker.isAlive()).isFalse();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(Files.readString(dir.resolve("kafka/server.properties"))).contains("auto.create.topics.enable=false");
    }
}
