package dev.taskfleet.worker.batch;

import dev.taskfleet.contract.ProviderBatchRequest;
import dev.taskfleet.contract.Task;
import dev.taskfleet.worker.execution.TierProfile;
import dev.taskfleet.worker.provider.ModelRequest;

/**
 * Turns a recorded request into the call it stands for: the tier's model and output cap, the
 * task's prompt and expectation, and a call number that stays distinct across placements and
 * across provider batches (as {@code TaskExecutor} numbers single calls), so the simulated
 * provider draws afresh for each.
 */
public final class BatchRequests {

    private final TierProfile tier;
    private final int maxAttempts;

    /** @param maxAttempts the tier's {@code max-attempts}: calls per placement */
    public BatchRequests(TierProfile tier, int maxAttempts) {
        this.tier = tier;
        this.maxAttempts = maxAttempts;
    }

    public BatchRequest of(ProviderBatchRequest request) {
        Task task = request.routed().task();
        int call = (request.routed().attempt() - 1) * maxAttempts + request.calls().size() + 1;
        return new BatchRequest(request.customId(), new ModelRequest(tier.model(), task.prompt(), tier.maxOutputTokens(),
                task.id(), call, task.expect(), task.labels()));
    }
}
