package dev.taskfleet.kafka;

import dev.taskfleet.contract.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the fleet's dead letters, the same for every service: the original key and value byte
 * for byte, the source record's own headers (tracing context survives), then the
 * {@link DeadLetterHeaders} saying where it came from, why and who set it aside.
 *
 * <p>Dead-letter headers already on the source, from an earlier trip through the DLQ and a
 * replay, are dropped so that each appears once and describes this trip.
 */
public final class DeadLetterRecords {

    /** Appended to the reason of a dead letter written without its value. */
    public static final String VALUE_DROPPED =
            "[value dropped: too large for the dead-letter topic; read it at the source offset]";
    private static final String DLQ_HEADER_PREFIX = "taskfleet.dlq.";

    private DeadLetterRecords() {
    }

    /** The dead letter of {@code source} on {@code deadLetterTopic}. */
    public static ProducerRecord<byte[], byte[]> of(String deadLetterTopic, ConsumerRecord<byte[], byte[]> source,
            DeadLetter why) {
        return new ProducerRecord<>(deadLetterTopic, null, source.key(), source.value(),
                headers(source.topic(), source.partition(), source.offset(), source.headers(), why));
    }

    /**
     * The headers of a dead letter, for callers that build the record themselves (SmallRye's
     * outgoing metadata).
     *
     * @param sourceHeaders the source record's headers, kept but for earlier dead-letter ones
     */
    public static Headers headers(String sourceTopic, int sourcePartition, long sourceOffset,
            Iterable<Header> sourceHeaders, DeadLetter why) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : sourceHeaders) {
            if (!header.key().startsWith(DLQ_HEADER_PREFIX)) {
                headers.add(header);
            }
        }
        add(headers, DeadLetterHeaders.REASON, why.reason());
        add(headers, DeadLetterHeaders.REASON_CODE, why.reasonCode());
        add(headers, DeadLetterHeaders.SOURCE_TOPIC, sourceTopic);
        add(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(sourcePartition));
        add(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(sourceOffset));
        add(headers, DeadLetterHeaders.SERVICE, why.service());
        return headers;
    }

    /** {@code true} for a record {@link #of} made. */
    public static boolean isDeadLetter(ProducerRecord<?, ?> record) {
        return record.headers().lastHeader(DeadLetterHeaders.REASON_CODE) != null;
    }

    /**
     * The dead letter without its value, for when the broker refuses it as too large: the
     * headers still say where the record is and why it was set aside, and the reason says the
     * value was dropped.
     */
    public static ProducerRecord<byte[], byte[]> withoutValue(ProducerRecord<byte[], byte[]> deadLetter) {
        return new ProducerRecord<>(deadLetter.topic(), deadLetter.partition(), deadLetter.key(), null,
                withoutValueHeaders(deadLetter.headers()));
    }

    /** The headers of {@link #withoutValue}: the same, with {@link #VALUE_DROPPED} added to the reason. */
    public static Headers withoutValueHeaders(Iterable<Header> deadLetterHeaders) {
        RecordHeaders headers = new RecordHeaders();
        String reason = "";
        for (Header header : deadLetterHeaders) {
            if (header.key().equals(DeadLetterHeaders.REASON)) {
                reason = new String(header.value(), StandardCharsets.UTF_8);
            } else {
                headers.add(header);
            }
        }
        add(headers, DeadLetterHeaders.REASON, reason + " " + VALUE_DROPPED);
        return headers;
    }

    private static void add(Headers headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
