package dev.taskfleet.worker.execution;

import dev.taskfleet.contract.EscalationRequest;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ResultError;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.worker.escalation.EscalationPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * How a task leaves this tier, once its calls here are over, the same whether the calls were made
 * one at a time ({@link TaskExecutor}) or through a provider's batch API: a SUCCEEDED, FAILED or
 * CANCELLED result, or, for a failure the {@link EscalationPolicy} escalates, an
 * {@link EscalationRequest}. Every result and request carries the whole attempt history;
 * {@code attempts}, tokens and cost are totals over it.
 */
public final class TaskOutcomes {

    private final TierProfile tier;
    private final String workerId;
    private final Clock clock;
    private final EscalationPolicy escalation;

    /** @param clock stamps {@code finishedAt} and {@code requestedAt} */
    public TaskOutcomes(TierProfile tier, String workerId, Clock clock, EscalationPolicy escalation) {
        this.tier = tier;
        this.workerId = workerId;
        this.clock = clock;
        this.escalation = escalation;
    }

    /** The worker id stamped on every result. */
    public String workerId() {
        return workerId;
    }

    public TierProfile tier() {
        return tier;
    }

    /** An accepted answer; {@code latency} is the final call's. */
    public Verdict.Final succeeded(RoutedTask routed, String output, AttemptHistory history, Duration latency) {
        return new Verdict.Final(result(routed, ResultStatus.SUCCEEDED, output, null, history, latency));
    }

    /**
     * The tier gave up on the task after a failure with {@code code}: an escalation request when the
     * policy escalates it, else a FAILED result.
     *
     * @param retryable whether that failure was one retrying may get past (retries now exhausted)
     */
    public Verdict failed(RoutedTask routed, String code, String detail, boolean retryable, AttemptHistory history,
            Duration latency) {
        ResultError error = new ResultError(code, detail);
        Optional<String> higher = escalation.escalateTo(tier.tier(), code, retryable);
        if (higher.isPresent()) {
            return new Verdict.Escalate(new EscalationRequest(EventCodec.SCHEMA_VERSION, routed, history.all(), error,
                    workerId, clock.instant()));
        }
        return new Verdict.Final(result(routed, ResultStatus.FAILED, null, error, history, latency));
    }

    /**
     * A task of a batch run stopped before it started: {@code status} is CANCELLED (a user cancelled
     * the run) or BUDGET_EXCEEDED (its team's budget ran out); {@code history} holds what was
     * charged before the stop took hold.
     */
    public TaskResult stopped(RoutedTask routed, ResultStatus status, AttemptHistory history) {
        if (!status.notRun()) {
            throw new IllegalArgumentException("a stopped task ends CANCELLED or BUDGET_EXCEEDED, not " + status);
        }
        return result(routed, status, null, null, history, Duration.ZERO);
    }

    /**
     * The FAILED result of a task the worker itself could not handle: {@code bug} escaped the
     * execution or its result could not be encoded. It carries the exception's class and message
     * only, never the prompt, and only the earlier placements' calls, because this placement's
     * cannot be vouched for.
     */
    public TaskResult workerError(RoutedTask routed, Throwable bug) {
        return result(routed, ResultStatus.FAILED, null, new ResultError(ResultErrorCodes.WORKER_ERROR, describe(bug)),
                AttemptHistory.before(routed.history()), Duration.ZERO);
    }

    /** {@code SimpleClassName: message}, or the class name alone when there is no message; never the prompt. */
    public static String describe(Throwable failure) {
        String name = failure.getClass().getSimpleName();
        return failure.getMessage() == null ? name : name + ": " + failure.getMessage();
    }

    private TaskResult result(RoutedTask routed, ResultStatus status, String output, ResultError error,
            AttemptHistory history, Duration latency) {
        Task task = routed.task();
        return new TaskResult(EventCodec.SCHEMA_VERSION, task.id(), task.batchId(), task.type(), tier.tier(),
                tier.model(), status, output, error, history.attempts(), history.inputTokens(), history.outputTokens(),
                history.costUsd(), latency.toMillis(), workerId, clock.instant(), routed.routing(), task.team(),
                task.run(), task.createdAt(), history.all(), task.priority());
    }
}
