package dev.taskfleet.router.kafka;

import dev.taskfleet.contract.DeadLetterHeaders;
import dev.taskfleet.router.routing.Rejection;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The router's dead-letter records: the original key and value, with {@link DeadLetterHeaders}. */
final class DeadLetterRecords {

    static final String SERVICE = "router";
    private static final String DLQ_HEADER_PREFIX = "taskfleet.dlq.";
    /** Appended to the reason of a dead letter written without its value. */
    static final String VALUE_DROPPED = "[value dropped: too large for the dead-letter topic; read it at the source offset]";

    private DeadLetterRecords() {
    }

    static ProducerRecord<byte[], byte[]> of(String deadLetterTopic, ConsumerRecord<byte[], byte[]> source,
            Rejection rejection) {
        return new ProducerRecord<>(deadLetterTopic, null, source.key(), source.value(), headers(source, rejection));
    }

    /**
     * The source record's own headers (tracing context survives) followed by the dead-letter
     * headers. Dead-letter headers already on the source, from an earlier trip through the DLQ
     * and a replay, are dropped so each header appears once and describes this trip.
     */
    static Headers headers(ConsumerRecord<byte[], byte[]> source, Rejection rejection) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : source.headers()) {
            if (!header.key().startsWith(DLQ_HEADER_PREFIX)) {
                headers.add(header);
            }
        }
        add(headers, DeadLetterHeaders.REASON, rejection.reason());
        add(headers, DeadLetterHeaders.REASON_CODE, rejection.reasonCode());
        add(headers, DeadLetterHeaders.SOURCE_TOPIC, source.topic());
        add(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(source.partition()));
        add(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(source.offset()));
        add(headers, DeadLetterHeaders.SERVICE, SERVICE);
        return headers;
    }

    /** {@code true} for a record {@link #of} made. */
    static boolean isDeadLetter(ProducerRecord<byte[], byte[]> record) {
        return record.headers().lastHeader(DeadLetterHeaders.REASON_CODE) != null;
    }

    /**
     * The dead letter without its value, for when the broker refuses it as too large: the
     * headers still say where the record is and why it was set aside, and the reason says the
     * value was dropped.
     */
    static ProducerRecord<byte[], byte[]> withoutValue(ProducerRecord<byte[], byte[]> deadLetter) {
        RecordHeaders headers = new RecordHeaders();
        String reason = "";
        for (Header header : deadLetter.headers()) {
            if (header.key().equals(DeadLetterHeaders.REASON)) {
                reason = new String(header.value(), StandardCharsets.UTF_8);
            } else {
                headers.add(header);
            }
        }
        add(headers, DeadLetterHeaders.REASON, reason + " " + VALUE_DROPPED);
        return new ProducerRecord<>(deadLetter.topic(), deadLetter.partition(), deadLetter.key(), null, headers);
    }

    private static void add(Headers headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
