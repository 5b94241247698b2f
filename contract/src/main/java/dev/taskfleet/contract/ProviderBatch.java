package dev.taskfleet.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A batch of requests a worker of a batch tier has handed (or is about to hand) to a provider's
 * batch API, published on {@code <prefix>.provider-batches} keyed by {@link #id()}. The topic is
 * compacted: each new record of a provider batch replaces the last, and a tombstone (a record
 * without a value) says the batch is finished and every task in it has its outcome. Its requests
 * are {@link ProviderBatchRequest} records on the same partition.
 *
 * <p>Readers that show what is waiting at the provider keep the record with the highest
 * {@link #revision()} per id and drop the id on its tombstone; {@link #batches()} says how many
 * requests of which taskfleet batch it holds, {@link #expiresAt()} by when the provider promises
 * an answer.
 *
 * @param schemaVersion   contract version this event was written with
 * @param id              taskfleet's id for this provider batch, unique; the record key
 * @param tier            the tier whose worker made it
 * @param provider        the tier's provider: {@code openai-batch}, {@code anthropic-batch} or {@code simulated-batch}
 * @param model           the model every request runs on
 * @param state           how far it got
 * @param revision        1 for the first record of this id, one more for every later one
 * @param requests        requests in it
 * @param batches         requests per taskfleet batch id
 * @param gatheredAt      when the worker recorded it (its requests' tasks were acknowledged then)
 * @param workerId        the worker that wrote this record
 * @param submittingSince SUBMITTING: when the worker began sending it; a worker that takes over
 *                        searches the provider for it from then on before sending it again
 * @param notBefore       PENDING after the provider refused to take it for now (HTTP 429): not
 *                        sent again before this; otherwise {@code null}
 * @param providerBatchId SUBMITTED: the provider's id for it ({@code batch_...}, {@code msgbatch_...})
 * @param providerStatus  SUBMITTED: the provider's own status, as last seen ({@code validating},
 *                        {@code in_progress}, {@code finalizing}, {@code canceling}, ...)
 * @param submittedAt     SUBMITTED: when the provider accepted it
 * @param expiresAt       SUBMITTED: when the provider's window ends (24 hours after submission);
 *                        requests not run by then come back expired
 * @param cancelRequested SUBMITTED: every task in it belongs to a cancelled batch run and the
 *                        worker asked the provider to cancel it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProviderBatch(
        int schemaVersion,
        String id,
        String tier,
        String provider,
        String model,
        State state,
        int revision,
        int requests,
        Map<String, Integer> batches,
        Instant gatheredAt,
        String workerId,
        Instant submittingSince,
        Instant notBefore,
        String providerBatchId,
        String providerStatus,
        Instant submittedAt,
        Instant expiresAt,
        boolean cancelRequested) {

    public ProviderBatch {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(state, "state");
        batches = batches == null ? Map.of() : Map.copyOf(batches);
        if (state == State.SUBMITTED && providerBatchId == null) {
            throw new IllegalArgumentException("a SUBMITTED provider batch needs the provider's id");
        }
    }

    /** How far a provider batch got. */
    public enum State {
        /** Recorded, not yet sent to the provider. */
        PENDING,
        /** Being sent; after a crash the provider may or may not hold it, so it is searched for before it is sent again. */
        SUBMITTING,
        /** The provider holds it under {@link #providerBatchId()}; the worker polls it until it ends. */
        SUBMITTED
    }

    /** The record key: the id. */
    @JsonIgnore
    public String key() {
        return id;
    }

    /** The same batch in {@code newState}, one revision later; the caller sets what the new state needs. */
    public ProviderBatch next(State newState, String writer) {
        return new ProviderBatch(schemaVersion, id, tier, provider, model, newState, revision + 1, requests, batches,
                gatheredAt, writer, submittingSince, notBefore, providerBatchId, providerStatus, submittedAt, expiresAt,
                cancelRequested);
    }

    /** SUBMITTING since {@code since}, holding {@code requestCount} requests of {@code perBatch}. */
    public ProviderBatch submitting(Instant since, int requestCount, Map<String, Integer> perBatch, String writer) {
        return new ProviderBatch(schemaVersion, id, tier, provider, model, State.SUBMITTING, revision + 1, requestCount,
                perBatch, gatheredAt, writer, since, null, null, null, null, null, false);
    }

    /** PENDING again, not to be sent before {@code notBefore} ({@code null}: at once). */
    public ProviderBatch pendingUntil(Instant notBefore, String writer) {
        return new ProviderBatch(schemaVersion, id, tier, provider, model, State.PENDING, revision + 1, requests, batches,
                gatheredAt, writer, null, notBefore, null, null, null, null, false);
    }

    /** SUBMITTED as {@code providerBatchId}. */
    public ProviderBatch submitted(String providerId, String status, Instant at, Instant expires, String writer) {
        return new ProviderBatch(schemaVersion, id, tier, provider, model, State.SUBMITTED, revision + 1, requests,
                batches, gatheredAt, writer, submittingSince, null, providerId, status, at, expires, false);
    }

    /** The provider's status as now seen. */
    public ProviderBatch withProviderStatus(String status, String writer) {
        return new ProviderBatch(schemaVersion, id, tier, provider, model, state, revision + 1, requests, batches,
                gatheredAt, writer, submittingSince, notBefore, providerBatchId, status, submittedAt, expiresAt,
                cancelRequested);
    }

    /** Cancellation asked of the provider. */
    public ProviderBatch cancelling(String writer) {
        return new ProviderBatch(schemaVersion, id, tier, provider, model, state, revision + 1, requests, batches,
                gatheredAt, writer, submittingSince, notBefore, providerBatchId, providerStatus, submittedAt, expiresAt,
                true);
    }
}
