package dev.taskfleet.worker.batch.kafka;

import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.ProviderBatch;
import dev.taskfleet.contract.ProviderBatchRequest;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.worker.batch.RequestResolver;
import dev.taskfleet.worker.execution.Verdict;
import dev.taskfleet.worker.metrics.WorkerMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Tells the worker's metrics catalogue what a batch tier did, in the catalogue's own terms: tasks
 * completed and escalated, tokens and cost charged, answers rejected, the provider-batch meters, and
 * the loop's restarts.
 * For a batch tier a task's processing time runs from its provider batch being recorded to its result.
 */
final class BatchTierMetrics {

    private final WorkerMetrics metrics;

    BatchTierMetrics(WorkerMetrics metrics) {
        this.metrics = metrics;
    }

    /** The loop closed its clients after Kafka did not answer in time, and will start over. */
    void restarted() {
        metrics.batchTierRestarted();
    }

    /** A provider batch was sent. */
    void sent(ProviderBatch batch) {
        metrics.providerBatchSent(batch.requests());
    }

    /** A task ended {@code status} (CANCELLED or BUDGET_EXCEEDED) before it was sent. */
    void stoppedBeforeSending(ProviderBatchRequest request, ResultStatus status) {
        Task task = request.routed().task();
        metrics.taskCompleted(status, task.team(), task.priority(), Duration.ZERO, sinceAccepted(task, Instant.now()));
    }

    /** A task ended CANCELLED or BUDGET_EXCEEDED as it arrived. */
    void stoppedOnArrival(TaskResult result) {
        metrics.taskCompleted(result.status(), result.team(), result.priority(), Duration.ZERO,
                result.submittedAt() == null ? null : Duration.between(result.submittedAt(), Instant.now()));
    }

    /** A provider batch ended as {@code outcome}; {@code resolutions} say what became of its {@code requests}, in order. */
    void ended(ProviderBatch batch, String outcome, List<ProviderBatchRequest> requests,
            List<RequestResolver.Resolution> resolutions, Instant now) {
        Duration waited = Duration.between(batch.gatheredAt(), now);
        int expired = 0;
        for (int i = 0; i < requests.size(); i++) {
            Task task = requests.get(i).routed().task();
            RequestResolver.Resolution resolution = resolutions.get(i);
            AttemptRecord call = resolution.call();
            if (call != null) {
                metrics.charged(task.team(), call.inputTokens(), call.outputTokens(), call.costUsd());
                if (ResultErrorCodes.OUTPUT_REJECTED.equals(call.outcome())) {
                    metrics.outputRejected();
                } else if (ResultErrorCodes.EXPIRED.equals(call.outcome())) {
                    expired++;
                }
                if (resolution instanceof RequestResolver.Again) {
                    metrics.retrying(call.outcome());
                }
            }
            if (resolution instanceof RequestResolver.Finished finished) {
                if (finished.verdict() instanceof Verdict.Final done) {
                    metrics.taskCompleted(done.result().status(), task.team(), task.priority(), waited,
                            sinceAccepted(task, now));
                } else {
                    metrics.escalated(((Verdict.Escalate) finished.verdict()).request().error().code());
                }
            }
        }
        Instant sent = batch.submittedAt() != null ? batch.submittedAt() : batch.gatheredAt();
        metrics.providerBatchEnded(outcome, Duration.between(sent, now), expired);
    }

    private static Duration sinceAccepted(Task task, Instant now) {
        return task.createdAt() == null ? null : Duration.between(task.createdAt(), now);
    }
}
