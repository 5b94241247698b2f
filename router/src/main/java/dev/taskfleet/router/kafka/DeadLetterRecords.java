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

    private static void add(Headers headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
