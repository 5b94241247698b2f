package dev.taskfleet.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One model call made for a task, as recorded in its attempt history. The history travels with
 * the task when it is escalated and ends up on the final result, so a person can see every call
 * the fleet made and what each one cost.
 *
 * @param tier         the tier the call ran on
 * @param model        the model that answered (or was asked)
 * @param outcome      {@link #SUCCEEDED} or the error code of the failure, one of {@link ResultErrorCodes}
 * @param detail       why it failed, one line; {@code null} for a success
 * @param latencyMs    time from sending the call to its answer or failure
 * @param inputTokens  prompt tokens billed for the call (0 when the call failed before usage)
 * @param outputTokens completion tokens billed for the call
 * @param costUsd      cost of the call in US dollars
 * @param providerBatch the provider's batch the call went through (e.g. {@code batch_abc123} or
 *                     {@code msgbatch_01...}), or {@code null} for a call made directly; for such a
 *                     call {@code latencyMs} is how long the request waited, from the worker
 *                     recording it for a provider batch until that batch ended
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttemptRecord(
        String tier,
        String model,
        String outcome,
        String detail,
        long latencyMs,
        long inputTokens,
        long outputTokens,
        double costUsd,
        String providerBatch) {

    public static final String SUCCEEDED = "SUCCEEDED";

    /** A call made directly, not through a provider's batch API. */
    public AttemptRecord(String tier, String model, String outcome, String detail, long latencyMs, long inputTokens,
            long outputTokens, double costUsd) {
        this(tier, model, outcome, detail, latencyMs, inputTokens, outputTokens, costUsd, null);
    }

    public AttemptRecord {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(outcome, "outcome");
    }

    public boolean succeeded() {
        return SUCCEEDED.equals(outcome);
    }

    /** Whether the call went through a provider's batch API. */
    public boolean viaBatch() {
        return providerBatch != null;
    }
}
