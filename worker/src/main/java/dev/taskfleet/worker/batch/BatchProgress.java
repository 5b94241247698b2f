package dev.taskfleet.worker.batch;

import dev.taskfleet.worker.provider.ModelCallException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider batch as the provider last described it.
 *
 * @param providerBatchId the provider's id
 * @param status          the provider's own status word ({@code validating}, {@code in_progress},
 *                        {@code finalizing}, {@code completed}, {@code expired}, {@code cancelling},
 *                        {@code cancelled}, {@code failed}; Anthropic's {@code in_progress},
 *                        {@code canceling}, {@code ended})
 * @param ended           whether every request has its outcome and they can be read
 * @param expiresAt       when the provider's window ends, if it said
 * @param outcomesAt      where the outcomes are (an output file id, a results URL); provider-specific
 * @param errorsAt        where failed requests are, when the provider keeps them apart (an error file id)
 * @param failure         when the whole batch was refused after it was taken (OpenAI's {@code failed}:
 *                        its input did not validate), why: every request then fails with it
 */
public record BatchProgress(String providerBatchId, String status, boolean ended, Instant expiresAt,
        String outcomesAt, String errorsAt, Optional<ModelCallException> failure) {

    public BatchProgress {
        Objects.requireNonNull(providerBatchId, "providerBatchId");
        Objects.requireNonNull(status, "status");
        failure = failure == null ? Optional.empty() : failure;
    }
}
