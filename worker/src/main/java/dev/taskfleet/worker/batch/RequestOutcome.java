package dev.taskfleet.worker.batch;

import dev.taskfleet.worker.provider.ModelCallException;
import dev.taskfleet.worker.provider.ModelResponse;
import java.util.Objects;

/**
 * What became of one request of an ended provider batch.
 *
 * @param customId the request's {@code custom_id}
 * @param kind     answered, failed, expired or cancelled
 * @param answer   {@link Kind#ANSWERED}: the answer, with its usage
 * @param failure  {@link Kind#FAILED}: the failure, classified like a single call's (a 500 inside a
 *                 batch is as retryable as a 500 on its own)
 */
public record RequestOutcome(String customId, Kind kind, ModelResponse answer, ModelCallException failure) {

    /** The four ends a request of a provider batch can have. */
    public enum Kind {
        /** The model answered. */
        ANSWERED,
        /** The provider refused or failed the request. */
        FAILED,
        /** The batch's window ended before the request ran. */
        EXPIRED,
        /** The batch was cancelled before the request ran. */
        CANCELLED
    }

    public RequestOutcome {
        Objects.requireNonNull(customId, "customId");
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.ANSWERED && answer == null) {
            throw new IllegalArgumentException("an answered request needs its answer");
        }
        if (kind == Kind.FAILED && failure == null) {
            throw new IllegalArgumentException("a failed request needs its failure");
        }
    }

    public static RequestOutcome answered(String customId, ModelResponse answer) {
        return new RequestOutcome(customId, Kind.ANSWERED, answer, null);
    }

    public static RequestOutcome failed(String customId, ModelCallException failure) {
        return new RequestOutcome(customId, Kind.FAILED, null, failure);
    }

    public static RequestOutcome expired(String customId) {
        return new RequestOutcome(customId, Kind.EXPIRED, null, null);
    }

    public static RequestOutcome cancelled(String customId) {
        return new RequestOutcome(customId, Kind.CANCELLED, null, null);
    }
}
