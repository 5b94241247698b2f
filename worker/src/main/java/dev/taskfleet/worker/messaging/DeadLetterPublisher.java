package dev.taskfleet.worker.messaging;

import dev.taskfleet.contract.DeadLetterHeaders;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Sets a record aside on {@code <prefix>.dlq}: the original key and value byte for byte, with
 * the {@link DeadLetterHeaders} saying where it came from and why.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    /** The {@code service} header value and metric tag of records this service dead-letters. */
    public static final String SERVICE = "worker";

    /* Unbounded is safe for the same reason as in ResultPublisher: each send holds an in-flight permit. */
    @Inject
    @Channel("dead-letters")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    Emitter<byte[]> deadLetters;

    /**
     * Sends the record's copy; the stage completes when Kafka has acknowledged it. The tasks channel
     * reads keys as bytes and the dead-letters channel writes them as bytes, so the copy's key is
     * the original's byte for byte (or absent, like the original's).
     */
    @SuppressWarnings("unchecked") // the tasks channel's deserializers make both key and value byte[]
    public CompletionStage<Void> publish(Message<byte[]> record, String reasonCode, String reason) {
        IncomingKafkaRecordMetadata<byte[], byte[]> source = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalArgumentException("not a Kafka record"));
        RecordHeaders headers = new RecordHeaders();
        header(headers, DeadLetterHeaders.REASON, reason);
        header(headers, DeadLetterHeaders.REASON_CODE, reasonCode);
        header(headers, DeadLetterHeaders.SOURCE_TOPIC, source.getTopic());
        header(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(source.getPartition()));
        header(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(source.getOffset()));
        header(headers, DeadLetterHeaders.SERVICE, SERVICE);
        OutgoingKafkaRecordMetadata<byte[]> target = OutgoingKafkaRecordMetadata.<byte[]>builder()
                .withKey(source.getKey())
                .withHeaders(headers)
                .build();

        return AcknowledgedSend.send(deadLetters, record.getPayload(), Metadata.of(target));
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
