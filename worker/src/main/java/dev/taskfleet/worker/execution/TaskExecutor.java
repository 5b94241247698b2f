package dev.taskfleet.worker.execution;

import dev.taskfleet.contract.EscalationRequest;
import dev.taskfleet.contract.InvalidTaskException;
import dev.taskfleet.contract.OutputCheck;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.worker.cancellation.CancellationRegistry;
import dev.taskfleet.worker.escalation.EscalationPolicy;
import dev.taskfleet.worker.provider.ModelCallException;
import dev.taskfleet.worker.provider.ModelProvider;
import dev.taskfleet.worker.provider.ModelRequest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Runs one routed task on this tier and decides how it leaves the worker ({@link Verdict}).
 *
 * <ul>
 *   <li>A task whose batch run was cancelled before its first call ends CANCELLED, with no call;
 *       one whose run was stopped at its team's budget ends BUDGET_EXCEEDED the same way. A stop
 *       read while the task waits to retry or for rate-limit capacity ends it the same way before
 *       its next call, with the calls already paid in its history.</li>
 *   <li>A task whose record a rebalance gave to another pod before its first call here ends
 *       {@link Verdict.HandedOver}: no call, no result; the new owner runs it.</li>
 *   <li>Otherwise the {@link ModelCallRunner} calls the model (retries, rate limit) and checks each
 *       answer against the task's {@code expect}, compiled once per task.</li>
 *   <li>An accepted answer is a SUCCEEDED result. A failure the {@link EscalationPolicy} escalates
 *       becomes an {@link EscalationRequest}; any other failure is a FAILED result with the last
 *       call's error code. A failed task is an outcome, not an error.</li>
 * </ul>
 *
 * <p>Every result and request carries the whole attempt history (earlier placements' calls, then
 * this placement's); {@code attempts}, tokens and cost are totals over it, and {@code latencyMs} is
 * the final call's model time.
 */
public final class TaskExecutor {

    /** Error code for a provider that broke its contract by failing with something other than a {@link ModelCallException}. */
    public static final String PROVIDER_ERROR = ResultErrorCodes.PROVIDER_ERROR;

    private final ModelCallRunner calls;
    private final TierProfile tier;
    private final int maxCallsPerTask;
    private final ModelCallObserver observer;
    private final TaskOutcomes outcomes;
    private final CancellationRegistry cancellations;

    /**
     * @param maxCallsPerTask the runner's attempt limit; numbers the calls of a re-placed task after the earlier ones
     * @param clock           stamps {@code finishedAt} and {@code requestedAt}
     */
    public TaskExecutor(ModelCallRunner calls, int maxCallsPerTask, TierProfile tier, String workerId, Clock clock,
            ModelCallObserver observer, EscalationPolicy escalation, CancellationRegistry cancellations) {
        this.calls = calls;
        this.maxCallsPerTask = maxCallsPerTask;
        this.tier = tier;
        this.observer = observer;
        this.outcomes = new TaskOutcomes(tier, workerId, clock, escalation);
        this.cancellations = cancellations;
    }

    /** One call per task, no retries or rate limit, this tier the fleet's only one, nothing cancelled. */
    public TaskExecutor(ModelProvider provider, TierProfile tier, String workerId, Clock clock, LongSupplier nanoTime,
            ModelCallObserver observer) {
        this(ModelCallRunner.singleCall(provider, nanoTime, observer), 1, tier, workerId, clock, observer,
                new EscalationPolicy(List.of(tier.tier())), new CancellationRegistry());
    }

    /** The worker id stamped on every result. */
    public String workerId() {
        return outcomes.workerId();
    }

    /**
     * Calls the model until it gives an acceptable answer or this tier gives up; the stage completes
     * normally with the verdict, unless the worker itself has a defect (then {@link TaskCompletion}
     * turns the failure into {@link #workerError}).
     */
    public CompletionStage<Verdict> execute(RoutedTask routed) {
        return execute(routed, () -> true);
    }

    /**
     * As {@link #execute(RoutedTask)}, for a task this pod holds only while {@code owned} says so:
     * handed over to another pod before its first call here, it ends {@link Verdict.HandedOver},
     * with no call and no result.
     */
    public CompletionStage<Verdict> execute(RoutedTask routed, BooleanSupplier owned) {
        if (!owned.getAsBoolean()) {
            // Before a stop is read: the new owner publishes the task's CANCELLED result, not both pods.
            return CompletableFuture.completedFuture(new Verdict.HandedOver());
        }
        Task task = routed.task();
        Optional<ResultStatus> stopped = cancellations.stoppedAs(task.batchId(), task.run());
        if (stopped.isPresent()) {
            return CompletableFuture.completedFuture(
                    new Verdict.Final(outcomes.stopped(routed, stopped.get(), AttemptHistory.before(routed.history()))));
        }
        ModelCallRunner.AnswerCheck check = compile(task);
        // Call numbers stay distinct across placements, so the simulated provider draws afresh for each.
        int firstCall = (routed.attempt() - 1) * maxCallsPerTask;
        return calls.run(call -> new ModelRequest(tier.model(), task.prompt(), tier.maxOutputTokens(), task.id(),
                firstCall + call, task.expect(), task.labels()), check,
                () -> cancellations.isCancelled(task.batchId(), task.run()), owned).thenApply(outcome -> {
                    if (outcome.handedOver()) {
                        return new Verdict.HandedOver();
                    }
                    AttemptHistory history = AttemptHistory.record(routed.history(), tier, outcome.calls());
                    observer.charged(task.team(), history.placementInputTokens(), history.placementOutputTokens(),
                            history.placementCostUsd());
                    if (outcome.stopped()) {
                        return new Verdict.Final(outcomes.stopped(routed,
                                cancellations.stoppedAs(task.batchId(), task.run()).orElse(ResultStatus.CANCELLED),
                                history));
                    }
                    if (outcome.failure() == null) {
                        return outcomes.succeeded(routed, outcome.response().output(), history,
                                outcome.response().latency());
                    }
                    Throwable failure = outcome.failure();
                    return outcomes.failed(routed, ModelCallRunner.codeOf(failure), ModelCallRunner.detailOf(failure),
                            failure instanceof ModelCallException call && call.retryable(), history, outcome.lastCall());
                });
    }

    /** The task's expectation as a check; the reader has validated it, so a failure here is a defect. */
    public static ModelCallRunner.AnswerCheck compile(Task task) {
        if (task.expect() == null) {
            return ModelCallRunner.AnswerCheck.ANY;
        }
        try {
            return OutputCheck.compile(task.expect())::violation;
        } catch (InvalidTaskException e) {
            throw new IllegalStateException("task " + task.id() + " passed validation but its expect does not compile: "
                    + e.getMessage(), e);
        }
    }

    /** See {@link TaskOutcomes#workerError}. */
    public TaskResult workerError(RoutedTask routed, Throwable bug) {
        return outcomes.workerError(routed, bug);
    }

    /** See {@link TaskOutcomes#describe}. */
    public static String describe(Throwable failure) {
        return TaskOutcomes.describe(failure);
    }
}
