package dev.taskfleet.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.TestBrokers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class RecordSizeLimitTest {

    private final String bootstrap = TestBrokers.shared().bootstrapServers();

    @Test
    void theLimitIsTheProducersMaxRequestSizeOrKafkasDefault() {
        assertThat(RecordSizeLimit.of(Map.of()).maxRequestSize()).isEqualTo(1_048_576);
        assertThat(RecordSizeLimit.of(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "20000")).maxRequestSize())
                .isEqualTo(20_000);
        assertThat(RecordSizeLimit.of(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 3_100)).maxRequestSize())
                .isEqualTo(3_100);
    }

    /** The size is the producer's own: a producer whose limit is that size takes the record, one a byte below refuses it. */
    @Test
    void aRecordFitsExactlyWhenTheProducerTakesIt() throws Exception {
        String topic = "record-size-" + UUID.randomUUID();
        KafkaTestClients.createTopics(bootstrap, 1, List.of(topic));
        RecordHeaders headers = new RecordHeaders();
        headers.add("why", "a header counts too".getBytes(StandardCharsets.UTF_8));
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, "key".getBytes(StandardCharsets.UTF_8),
                "v".repeat(5_000).getBytes(StandardCharsets.UTF_8), headers);
        int size = RecordSizeLimit.sizeOf(record);
        assertThat(size).isGreaterThan(5_000);

        RecordSizeLimit exact = RecordSizeLimit.of(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, size));
        RecordSizeLimit below = RecordSizeLimit.of(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, size - 1));
        assertThat(exact.fits(record)).isTrue();
        assertThat(below.fits(record)).isFalse();
        try (KafkaProducer<byte[], byte[]> producer = producer(size)) {
            assertThat(producer.send(record).get().offset()).isZero();
        }
        try (KafkaProducer<byte[], byte[]> producer = producer(size - 1)) {
            assertThatThrownBy(() -> producer.send(record).get()).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(RecordTooLargeException.class);
        }
    }

    @Test
    void aTopicsSmallerMaxMessageBytesIsTheLimitThere() {
        RecordSizeLimit limit = RecordSizeLimit.of(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 50_000))
                .withTopicLimits(Map.of("small", 20_000, "large", 2_000_000));

        assertThat(limit.bytesFor("small")).isEqualTo(20_000);
        assertThat(limit.bytesFor("large")).isEqualTo(50_000);
        assertThat(limit.bytesFor("unknown")).isEqualTo(50_000);
        assertThat(limit.maxMessageBytes("small")).contains(20_000);
        assertThat(limit.maxMessageBytes("unknown")).isEmpty();
        assertThat(limit.describe("small"))
                .isEqualTo("20000 bytes (topic small's max.message.bytes 20000; max.request.size 50000)");
        assertThat(limit.describe("large"))
                .isEqualTo("50000 bytes (max.request.size 50000; topic large's max.message.bytes 2000000)");
        assertThat(limit.describe("unknown")).startsWith("50000 bytes (max.request.size;");
    }

    /**
     * A topic created with a {@code max.message.bytes} below the producer's {@code max.request.size}:
     * the limit read from the broker is the topic's, a record sized within it is taken, and one between
     * the two limits, which the producer itself would send, is refused by the broker and does not fit.
     */
    @Test
    void theTopicLimitReadFromTheBrokerIsTheOneItEnforces() throws Exception {
        String topic = "record-size-topic-" + UUID.randomUUID();
        int topicLimit = 20_000;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicProvisioner(admin, Duration.ofSeconds(30)).ensure(List.of(new TopicSpec(topic, 1, (short) 1,
                    Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(topicLimit)))));
            String unconfigured = "record-size-default-" + UUID.randomUUID();
            KafkaTestClients.createTopics(bootstrap, 1, List.of(unconfigured));

            Map<String, Integer> read = TopicMessageLimits.read(admin, List.of(topic, unconfigured),
                    Duration.ofSeconds(30));

            assertThat(read).containsEntry(topic, topicLimit);
            assertThat(read.get(unconfigured)).as("the broker's message.max.bytes").isGreaterThan(topicLimit);
            RecordSizeLimit limit = RecordSizeLimit.of(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 100_000))
                    .withTopicLimits(read);
            ProducerRecord<byte[], byte[]> within = recordOfSize(topic, limit.bytesFor(topic));
            ProducerRecord<byte[], byte[]> between = recordOfSize(topic, 50_000);
            assertThat(limit.fits(within)).isTrue();
            assertThat(limit.fits(between)).isFalse();
            try (KafkaProducer<byte[], byte[]> producer = producer(100_000)) {
                assertThat(producer.send(within).get().offset()).isZero();
                assertThatThrownBy(() -> producer.send(between).get()).isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(RecordTooLargeException.class);
            }
        }
    }

    @Test
    void topicsWhoseLimitCannotBeReadAreGroupedByWhy() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            String known = "record-size-known-" + UUID.randomUUID();
            KafkaTestClients.createTopics(bootstrap, 1, List.of(known));
            List<String> missing = List.of("record-size-missing-a-" + UUID.randomUUID(), "record-size-missing-b-" + UUID.randomUUID());

            TopicMessageLimits.Limits read = TopicMessageLimits.readAll(admin,
                    List.of(known, missing.get(0), missing.get(1)), Duration.ofSeconds(30));

            assertThat(read.limits()).containsOnlyKeys(known);
            assertThat(read.unreadable().entrySet()).as("one reason, both topics under it").singleElement()
                    .satisfies(reason -> {
                        assertThat(reason.getKey()).startsWith("UnknownTopicOrPartitionException");
                        assertThat(reason.getValue()).containsExactlyInAnyOrderElementsOf(missing);
                    });
        }
    }

    /** A record whose {@link RecordSizeLimit#sizeOf size} is exactly {@code bytes}. */
    private static ProducerRecord<byte[], byte[]> recordOfSize(String topic, int bytes) {
        byte[] key = "key".getBytes(StandardCharsets.UTF_8);
        int valueLength = bytes - RecordSizeLimit.sizeOf(new ProducerRecord<>(topic, key, new byte[0]));
        // Varints grow with the value: shrink until the whole is exact.
        while (RecordSizeLimit.sizeOf(new ProducerRecord<>(topic, key, new byte[valueLength])) > bytes) {
            valueLength--;
        }
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, key, new byte[valueLength]);
        assertThat(RecordSizeLimit.sizeOf(record)).isEqualTo(bytes);
        return record;
    }

    private KafkaProducer<byte[], byte[]> producer(int maxRequestSize) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestSize), new ByteArraySerializer(),
                new ByteArraySerializer());
    }
}
