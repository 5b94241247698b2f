package dev.taskfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.contract.DeadLetterHeaders;
import dev.taskfleet.testkit.TopicCollector;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes records straight onto the fleet's topics, as a buggy or hostile client would, and
 * remembers where each landed so the test can find what became of it.
 */
final class PoisonWriter {

    /** A JSON-looking line whose bytes are not UTF-8 ({@code C3 28} is a broken two-byte sequence). */
    static final byte[] INVALID_UTF8 = {'{', '"', 'p', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

    /**
     * A record on {@code topic} at {@code offset} (partition 0).
     *
     * @param reasonCode the dead-letter reason expected, or {@code null} where the reader has no dead-letter topic
     * @param service    the service expected to dead-letter it, or {@code null}
     */
    record Written(String topic, String key, long offset, String reasonCode, String service) {
    }

    private final String bootstrapServers;
    private int sequence;

    PoisonWriter(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    Written malformedJson(String topic, String reasonCode, String service) {
        return write(topic, "poison-malformed-" + sequence, "{\"schemaVersion\":1,\"id\":\"poison\",\"prompt\": "
                + PoisonRecordsTest.PROMPT_MARK + " }", reasonCode, service);
    }

    Written invalidUtf8(String topic, String reasonCode, String service) {
        return write(topic, "poison-utf8-" + sequence, INVALID_UTF8, reasonCode, service);
    }

    Written write(String topic, String key, String value, String reasonCode, String service) {
        return write(topic, key, value.getBytes(StandardCharsets.UTF_8), reasonCode, service);
    }

    Written write(String topic, String key, byte[] value, String reasonCode, String service) {
        sequence++;
        Map<String, Object> settings = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_000_000);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            RecordMetadata written = producer.send(new ProducerRecord<>(topic, 0, key.getBytes(StandardCharsets.UTF_8),
                    value)).get();
            return new Written(topic, key, written.offset(), reasonCode, service);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted writing to " + topic, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not write poison to " + topic, e.getCause());
        }
    }

    /** The dead letter of {@code written} on the collected dead-letter topic, or {@code null}. */
    static ConsumerRecord<String, String> deadLetterOf(TopicCollector deadLetters, Written written) {
        return deadLetters.records().stream()
                .filter(r -> written.topic().equals(header(r, DeadLetterHeaders.SOURCE_TOPIC))
                        && Long.toString(written.offset()).equals(header(r, DeadLetterHeaders.SOURCE_OFFSET)))
                .findFirst().orElse(null);
    }

    /** Asserts that {@code deadLetter} says why, who set it aside, and kept the original key. */
    static void assertDescribes(ConsumerRecord<String, String> deadLetter, Written written) {
        assertThat(header(deadLetter, DeadLetterHeaders.REASON_CODE)).as("reason code of %s", written)
                .isEqualTo(written.reasonCode());
        assertThat(header(deadLetter, DeadLetterHeaders.REASON)).as("reason of %s", written).isNotBlank();
        assertThat(header(deadLetter, DeadLetterHeaders.SERVICE)).as("service of %s", written)
                .isEqualTo(written.service());
        assertThat(deadLetter.key()).as("key of %s", written).isEqualTo(written.key());
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
