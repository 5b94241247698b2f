package dev.taskfleet.launcher.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
            try (KafkaProducer<String, String> producer = producer(broker)) {
                producer.send(new ProducerRecord<>("round-trip", "k", "hello")).get();
            }
            List<ConsumerRecord<String, String>> received = readAll(broker, "round-trip", 1);
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

    @Test
    void aKilledBrokerRestartsOnItsPortsWithItsRecordsAndAClientOfTheFirstRunCarriesOn() throws Exception {
        BrokerProcess first = BrokerProcess.start(dir.resolve("kafka"), LIB, 0, 0, dir.resolve("logs"));
        BrokerProcess second = null;
        try (KafkaProducer<String, String> producer = producer(first)) {
            first.awaitReady(Duration.ofMinutes(2));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, first.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get();
            }
            producer.send(new ProducerRecord<>("kept", "k", "before the kill")).get();
            assertThatThrownBy(first::restart).as("restarting a running broker").isInstanceOf(IllegalStateException.class);

            first.kill();
            await().atMost(Duration.ofSeconds(30)).until(() -> !first.isAlive());
            // Stands for the last lines a crashed broker wrote: the restart must not wipe them.
            Files.writeString(first.logFile(), "the first run's last line\n", StandardOpenOption.APPEND);
            second = first.restart();
            second.awaitReady(Duration.ofMinutes(2));

            assertThat(second.pid()).isNotEqualTo(first.pid());
            assertThat(List.of(second.port(), second.controllerPort())).containsExactly(first.port(), first.controllerPort());
            // The producer made before the kill reconnects to the same address by itself.
            producer.send(new ProducerRecord<>("kept", "k", "after the restart")).get();
            assertThat(readAll(second, "kept", 2)).extracting(ConsumerRecord::value)
                    .containsExactly("before the kill", "after the restart");
            assertThat(second.logFile()).isEqualTo(first.logFile());
            assertThat(Files.readString(second.logFile())).as("the log after the restart").contains("the first run's last line");
        } finally {
            if (second != null) {
                second.close();
            }
            first.close();
        }
    }

    private static KafkaProducer<String, String> producer(BrokerProcess broker) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }

    /** Partition 0 of {@code topic} from its beginning, until {@code count} records arrived. */
    private static List<ConsumerRecord<String, String>> readAll(BrokerProcess broker, String topic, int count) {
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return received.size() >= count;
            });
        }
        return received;
    }
}
