package dev.taskfleet.router.kafka;

import dev.taskfleet.contract.DeadLetterHeaders;
import dev.taskfleet.router.routing.RoutingOutcome;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Headers of the router's dead-letter records, as {@link DeadLetterHeaders} defines them. */
final class DeadLetterRecords {

    static final String SERVICE = "router";
    private static final String DLQ_HEADER_PREFIX = "taskfleet.dlq.";

    private DeadLetterRecords() {
    }

    /**
     * The source record's own headers (tracing context survives) followed by the dead-letter
     * headers. Dead-letter headers already on the source, from an earlier trip through the DLQ
     * and a replay, are dropped so each header appears once and describes this trip.
     */
    static Headers headers(IncomingKafkaRecordMetadata<?, ?> source, RoutingOutcome.Rejected rejected) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : source.getHeaders()) {
            if (!header.key().startsWith(DLQ_HEADER_PREFIX)) {
                headers.add(header);
            }
        }
        add(headers, DeadLetterHeaders.REASON, rejected.reason());
        add(headers, DeadLetterHeaders.REASON_CODE, rejected.reasonCode());
        add(headers, DeadLetterHeaders.SOURCE_TOPIC, source.getTopic());
        add(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(source.getPartition()));
        add(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(source.getOffset()));
        add(headers, DeadLetterHeaders.SERVICE, SERVICE);
        return headers;
    }

    private static void add(Headers headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
