package dev.taskfleet.worker.messaging;

import dev.taskfleet.contract.EscalationRequest;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.worker.execution.ResultEncodingException;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Writes escalation requests to {@code <prefix>.escalations}, keyed by task id, for the router.
 * Like results: an idempotent producer with {@code acks=all}, and the task's record is acknowledged
 * only after Kafka has acknowledged its request, so a crash in between runs the task again rather
 * than losing it.
 */
@ApplicationScoped
public class EscalationPublisher {

    /* Unbounded is safe for the same reason as in ResultPublisher: each send holds an in-flight permit. */
    @Inject
    @Channel("escalations")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    Emitter<String> escalations;

    /**
     * Sends the request; the stage completes when Kafka has acknowledged it, fails with
     * {@link ResultEncodingException} if it could not be encoded, and with Kafka's error if Kafka refused it.
     */
    public CompletionStage<Void> publish(EscalationRequest request) {
        String encoded;
        try {
            encoded = EventCodec.encode(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new ResultEncodingException(request.task().id(), e));
        }
        Metadata metadata = Metadata.of(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(request.task().id()).build());
        return AcknowledgedSend.send(escalations, encoded, metadata);
    }
}
