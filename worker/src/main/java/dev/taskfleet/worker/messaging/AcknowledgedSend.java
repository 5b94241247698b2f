package dev.taskfleet.worker.messaging;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Sends one message through an emitter and turns Kafka's acknowledgement into a stage: it
 * completes when the broker has acknowledged the record and fails with Kafka's error (or the
 * emitter's, e.g. a closed channel) otherwise. Shared by the result and dead-letter publishers.
 */
final class AcknowledgedSend {

    private AcknowledgedSend() {
    }

    static <T> CompletionStage<Void> send(Emitter<T> emitter, T payload, Metadata metadata) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        Message<T> message = Message.of(payload, metadata,
                () -> {
                    acknowledged.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    acknowledged.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }
}
