package dev.taskfleet.worker.messaging;

import dev.taskfleet.contract.DeadLetterHeaders;
import dev.taskfleet.kafka.DeadLetter;
import dev.taskfleet.kafka.DeadLetterRecords;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Sets a record aside on {@code <prefix>.dlq}, built as every service builds its dead letters
 * ({@link DeadLetterRecords}): the original key and value byte for byte, the source record's own
 * headers, and the {@link DeadLetterHeaders} saying where it came from and why. A copy the
 * producer refuses as too large is written again without its value, as the router does: the
 * headers still say where the record is and why it was set aside, and the record is not left to
 * fail the channel over and over.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);

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
        Headers headers = DeadLetterRecords.headers(source.getTopic(), source.getPartition(), source.getOffset(),
                source.getHeaders(), new DeadLetter(reasonCode, reason, DeadLetterHeaders.WORKER));
        return send(source.getKey(), record.getPayload(), headers).exceptionallyCompose(failure -> {
            if (record.getPayload() == null || !(unwrap(failure) instanceof RecordTooLargeException)) {
                return CompletableFuture.failedFuture(failure);
            }
            LOG.warnf("dead letter of %s-%d@%d is too large for the dead-letter topic; writing it without its value",
                    source.getTopic(), source.getPartition(), source.getOffset());
            return send(source.getKey(), null, DeadLetterRecords.withoutValueHeaders(headers));
        });
    }

    private CompletionStage<Void> send(byte[] key, byte[] value, Headers headers) {
        OutgoingKafkaRecordMetadata<byte[]> target = OutgoingKafkaRecordMetadata.<byte[]>builder()
                .withKey(key)
                .withHeaders(headers)
                .build();
        return AcknowledgedSend.send(deadLetters, value, Metadata.of(target));
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
