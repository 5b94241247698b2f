package dev.taskfleet.worker.messaging;

import dev.taskfleet.contract.DeadLetterHeaders;
import dev.taskfleet.kafka.DeadLetter;
import dev.taskfleet.kafka.DeadLetterRecords;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Sets a record aside on {@code <prefix>.dlq}, built as every service builds its dead letters
 * ({@link DeadLetterRecords}): the original key and value byte for byte, the source record's own
 * headers, and the {@link DeadLetterHeaders} saying where it came from and why.
 */
@ApplicationScoped
public class DeadLetterPublisher {

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
        OutgoingKafkaRecordMetadata<byte[]> target = OutgoingKafkaRecordMetadata.<byte[]>builder()
                .withKey(source.getKey())
                .withHeaders(DeadLetterRecords.headers(source.getTopic(), source.getPartition(), source.getOffset(),
                        source.getHeaders(), new DeadLetter(reasonCode, reason, DeadLetterHeaders.WORKER)))
                .build();
        return AcknowledgedSend.send(deadLetters, record.getPayload(), Metadata.of(target));
    }
}
