package dev.taskfleet.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.TestBrokers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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

    private KafkaProducer<byte[], byte[]> producer(int maxRequestSize) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestSize), new ByteArraySerializer(),
                new ByteArraySerializer());
    }
}
