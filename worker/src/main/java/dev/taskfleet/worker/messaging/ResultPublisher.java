package dev.taskfleet.worker.messaging;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.worker.execution.ResultEncodingException;
import dev.taskfleet.worker.execution.ResultTooLargeException;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Writes final results to {@code <prefix>.results}, keyed by task id so every result of a task
 * lands on one partition and a redelivered task's second result replaces the first for
 * key-based readers. The channel is an idempotent producer with {@code acks=all}.
 */
@ApplicationScoped
public class ResultPublisher {

    /*
     * Unbounded is safe here: every result is sent while its task holds an in-flight permit, so
     * at most taskfleet.worker.max-in-flight results wait in this buffer. A bounded buffer smaller
     * than that limit would fail sends under load for no benefit.
     */
    @Inject
    @Channel("results")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    Emitter<byte[]> results;

    /**
     * Sends the result; the stage completes when Kafka has acknowledged it, fails with
     * {@link ResultEncodingException} if the result could not be encoded, with
     * {@link ResultTooLargeException} if it is larger than the producer or the topic takes, and with
     * Kafka's error if Kafka refused it otherwise.
     */
    public CompletionStage<Void> publish(TaskResult result) {
        byte[] encoded;
        try {
            encoded = EventCodec.encodeToBytes(result);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new ResultEncodingException(result.taskId(), e));
        }
        Metadata metadata = Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withKey(result.taskId()).build());
        return AcknowledgedSend.send(results, encoded, metadata).exceptionallyCompose(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            return CompletableFuture.failedFuture(cause instanceof RecordTooLargeException
                    ? new ResultTooLargeException(result.taskId(), encoded.length, cause)
                    : failure);
        });
    }
}
