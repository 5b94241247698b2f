package dev.taskfleet.worker.batch;

import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.ProviderBatchRequest;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.Task;
import dev.taskfleet.worker.cancellation.CancellationRegistry;
import dev.taskfleet.worker.cost.CostModel;
import dev.taskfleet.worker.execution.AttemptHistory;
import dev.taskfleet.worker.execution.TaskExecutor;
import dev.taskfleet.worker.execution.TaskOutcomes;
import dev.taskfleet.worker.execution.TierProfile;
import dev.taskfleet.worker.execution.Verdict;
import dev.taskfleet.worker.provider.ModelCallException;
import dev.taskfleet.worker.provider.ModelResponse;
import dev.taskfleet.worker.retry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides what becomes of one request of an ended provider batch, the way a single call's outcome
 * is judged ({@link TaskOutcomes}, {@link RetryPolicy}): an accepted answer is a SUCCEEDED result;
 * an answer failing the task's {@code expect}, a retryable failure (a 500, a 429, a timeout inside
 * the batch) or an {@link ResultErrorCodes#EXPIRED expired} request is sent again as a request of
 * a new provider batch while the tier's {@code max-attempts} (and {@code max-output-rejections})
 * allow, else escalated or failed as the escalation policy says; a task whose batch run was
 * cancelled ends CANCELLED. There is no back-off between batch requests: the next provider batch is
 * a fresh queue at the provider.
 *
 * <p>Every request's call is recorded in the attempt history with the provider batch it went
 * through and how long it waited there, and priced at the tier's price (configure a batch tier
 * with the provider's batch prices).
 */
public final class RequestResolver {

    /** What becomes of a request. */
    public sealed interface Resolution permits Finished, Again {

        /** The call this request made, as recorded in the history; {@code null} for a request cancelled before it ran. */
        AttemptRecord call();
    }

    /** The task leaves this tier: a result or an escalation request. */
    public record Finished(Verdict verdict, AttemptRecord call) implements Resolution {
    }

    /** The task is asked again in the next provider batch, with every call so far. */
    public record Again(RoutedTask routed, List<AttemptRecord> calls, AttemptRecord call) implements Resolution {
    }

    private final TaskOutcomes outcomes;
    private final RetryPolicy retries;
    private final CancellationRegistry cancellations;

    public RequestResolver(TaskOutcomes outcomes, RetryPolicy retries, CancellationRegistry cancellations) {
        this.outcomes = outcomes;
        this.retries = retries;
        this.cancellations = cancellations;
    }

    /** Whether the task of {@code request} belongs to a cancelled batch run, or one stopped at its team's budget. */
    public boolean cancelled(ProviderBatchRequest request) {
        Task task = request.routed().task();
        return cancellations.isCancelled(task.batchId(), task.run());
    }

    /** What a request of a stopped run ends as: CANCELLED, or BUDGET_EXCEEDED for a run stopped at its team's budget. */
    public ResultStatus stoppedAs(ProviderBatchRequest request) {
        Task task = request.routed().task();
        return cancellations.stoppedAs(task.batchId(), task.run()).orElse(ResultStatus.CANCELLED);
    }

    /**
     * A request whose batch run was stopped before it was sent: CANCELLED (or BUDGET_EXCEEDED), with
     * what earlier batches charged.
     */
    public Verdict.Final cancelledBeforeSending(ProviderBatchRequest request) {
        return new Verdict.Final(outcomes.stopped(request.routed(), stoppedAs(request),
                new AttemptHistory(request.routed().history(), request.calls())));
    }

    /**
     * @param outcome         the request's outcome; empty when the provider said nothing about it
     * @param providerBatchId the provider batch it went through
     * @param waited          from recording the provider batch to its end
     */
    public Resolution resolve(ProviderBatchRequest request, Optional<RequestOutcome> outcome, String providerBatchId,
            Duration waited) {
        RequestOutcome ended = outcome.orElse(null);
        if (ended == null) {
            return failed(request, new ModelCallException(ResultErrorCodes.PROVIDER_ERROR,
                    "provider batch " + providerBatchId + " ended without an outcome for this request", true),
                    providerBatchId, waited);
        }
        return switch (ended.kind()) {
            case ANSWERED -> answered(request, ended.answer(), providerBatchId, waited);
            case FAILED -> failed(request, ended.failure(), providerBatchId, waited);
            case EXPIRED -> failed(request, new ModelCallException(ResultErrorCodes.EXPIRED,
                    "provider batch " + providerBatchId + " ended its window before this request ran", true),
                    providerBatchId, waited);
            case CANCELLED -> cancelled(request)
                    ? finishedCancelled(request, null)
                    : failed(request, new ModelCallException(ResultErrorCodes.PROVIDER_ERROR,
                            "provider batch " + providerBatchId + " was cancelled outside taskfleet", true),
                            providerBatchId, waited);
        };
    }

    /** Every request of a provider batch the provider refused as a whole ({@code failure}), before or after taking it. */
    public Resolution refused(ProviderBatchRequest request, ModelCallException failure, String providerBatchId,
            Duration waited) {
        return failed(request, failure, providerBatchId, waited);
    }

    private Resolution answered(ProviderBatchRequest request, ModelResponse answer, String providerBatchId,
            Duration waited) {
        Task task = request.routed().task();
        if (cancellations.stoppedAs(task.batchId(), task.run()).orElse(null) == ResultStatus.CANCELLED) {
            // The answer came back and was charged; the run it belongs to no longer wants it. A run
            // stopped at its team's budget keeps it: it is paid for, and delivering it costs nothing more.
            return finishedCancelled(request, call(AttemptRecord.SUCCEEDED, null, waited, answer.inputTokens(),
                    answer.outputTokens(), providerBatchId));
        }
        Optional<String> violation = TaskExecutor.compile(request.routed().task()).violation(answer.output());
        if (violation.isEmpty()) {
            AttemptRecord call = call(AttemptRecord.SUCCEEDED, null, waited, answer.inputTokens(), answer.outputTokens(),
                    providerBatchId);
            return new Finished(outcomes.succeeded(request.routed(), answer.output(), history(request, call), waited),
                    call);
        }
        AttemptRecord call = call(ResultErrorCodes.OUTPUT_REJECTED, violation.get(), waited, answer.inputTokens(),
                answer.outputTokens(), providerBatchId);
        List<AttemptRecord> calls = calls(request, call);
        long rejections = calls.stream().filter(c -> ResultErrorCodes.OUTPUT_REJECTED.equals(c.outcome())).count();
        if (retries.askAgainAfterRejection(calls.size(), (int) rejections)) {
            return new Again(request.routed(), calls, call);
        }
        return new Finished(outcomes.failed(request.routed(), ResultErrorCodes.OUTPUT_REJECTED, violation.get(), false,
                history(request, call), waited), call);
    }

    private Resolution failed(ProviderBatchRequest request, ModelCallException failure, String providerBatchId,
            Duration waited) {
        String detail = failure.getMessage() != null ? failure.getMessage() : "failed with " + failure.code();
        AttemptRecord call = call(failure.code(), detail, waited, 0, 0, providerBatchId);
        if (cancelled(request)) {
            return finishedCancelled(request, call);
        }
        List<AttemptRecord> calls = calls(request, call);
        if (failure.retryable() && calls.size() < retries.maxAttempts()) {
            return new Again(request.routed(), calls, call);
        }
        return new Finished(outcomes.failed(request.routed(), failure.code(), detail, failure.retryable(),
                history(request, call), waited), call);
    }

    /** CANCELLED, with {@code call} in the history when there was one (an answer the provider charged for). */
    private Finished finishedCancelled(ProviderBatchRequest request, AttemptRecord call) {
        AttemptHistory history = call == null ? new AttemptHistory(request.routed().history(), request.calls())
                : history(request, call);
        return new Finished(new Verdict.Final(outcomes.stopped(request.routed(), stoppedAs(request), history)), call);
    }

    private AttemptRecord call(String outcome, String detail, Duration waited, long inputTokens, long outputTokens,
            String providerBatchId) {
        TierProfile tier = outcomes.tier();
        return new AttemptRecord(tier.tier(), tier.model(), outcome, detail, waited.toMillis(), inputTokens,
                outputTokens, CostModel.costUsd(tier.price(), inputTokens, outputTokens), providerBatchId);
    }

    private static List<AttemptRecord> calls(ProviderBatchRequest request, AttemptRecord call) {
        List<AttemptRecord> calls = new ArrayList<>(request.calls());
        calls.add(call);
        return calls;
    }

    private static AttemptHistory history(ProviderBatchRequest request, AttemptRecord call) {
        return new AttemptHistory(request.routed().history(), calls(request, call));
    }
}
