package dev.taskfleet.worker.batch;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A provider's batch API as a batch tier uses it: send a provider batch, follow it, read its
 * outcomes, cancel it, and, after a crash while sending, find out whether the provider took it.
 *
 * <p>Implementations must not block the calling thread. A failed call completes its stage with a
 * {@link dev.taskfleet.worker.provider.ModelCallException} classified like a single model call's;
 * an outcome of one request is a {@link RequestOutcome}, never an exception.
 */
public interface ProviderBatchApi {

    /**
     * Sends {@code requests} as one provider batch. {@code taskfleetId} is the
     * {@link dev.taskfleet.contract.ProviderBatch#id()}; it is recorded with the batch where the API
     * has room for it (OpenAI's metadata), so {@link #find} can recognise the batch for certain.
     */
    CompletionStage<Submission> submit(String taskfleetId, List<BatchRequest> requests);

    /** Where the provider batch is now. */
    CompletionStage<BatchProgress> progress(String providerBatchId);

    /**
     * The outcome of every request of an ended provider batch; requests the provider says nothing
     * about are missing. {@code requests} are the batch's, as sent.
     */
    CompletionStage<List<RequestOutcome>> outcomes(BatchProgress ended, List<BatchRequest> requests);

    /** Asks the provider to stop the batch; requests it has not run come back {@link RequestOutcome.Kind#CANCELLED}. */
    CompletionStage<Void> cancel(String providerBatchId);

    /**
     * The provider batch a {@link #submit} of {@code taskfleetId} with {@code requestCount} requests
     * created between {@code from} and {@code to}, if the provider holds one. Called after a crash
     * or an unanswered submission, before sending the batch again.
     */
    CompletionStage<Optional<String>> find(String taskfleetId, int requestCount, Instant from, Instant to);

    /**
     * Whether {@link #find} recognises a batch for certain (the API keeps our id with it). When it
     * does not, a batch it finds is only a candidate, and its outcomes must carry this batch's
     * custom ids to be taken as ours.
     */
    boolean findsForCertain();

    /**
     * What the provider answered when it took a batch.
     *
     * @param providerBatchId the provider's id for it
     * @param status          the provider's status, e.g. {@code validating}
     * @param expiresAt       when its window ends
     */
    record Submission(String providerBatchId, String status, Instant expiresAt) {
    }
}
