package dev.taskfleet.worker.execution;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ResultError;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.worker.cost.CostModel;
import dev.taskfleet.worker.provider.ModelCallException;
import dev.taskfleet.worker.provider.ModelProvider;
import dev.taskfleet.worker.provider.ModelRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * Runs one routed task through the model provider (with the retries and rate limit of
 * {@link ModelCallRunner}) and builds its final {@link TaskResult}. A failed task is an outcome,
 * not an error: the stage completes normally with a FAILED result carrying the last call's error code.
 *
 * <p>The result's {@code attempts} counts every call, its tokens and cost add up over all calls
 * (failed calls are not charged), and its {@code latencyMs} is the final call's model time.
 */
public final class TaskExecutor {

    /** Error code for a provider that broke its contract by failing with something other than a {@link ModelCallException}. */
    public static final String PROVIDER_ERROR = ModelCallException.PROVIDER_ERROR;

    private final ModelCallRunner calls;
    private final TierProfile tier;
    private final String workerId;
    private final Clock clock;
    private final int maxCallsPerTask;
    private final ModelCallObserver observer;

    /**
     * @param maxCallsPerTask the runner's attempt limit; numbers the calls of a re-placed task after the earlier ones
     * @param clock           stamps {@code finishedAt}
     */
    public TaskExecutor(ModelCallRunner calls, int maxCallsPerTask, TierProfile tier, String workerId, Clock clock,
            ModelCallObserver observer) {
        this.calls = calls;
        this.maxCallsPerTask = maxCallsPerTask;
        this.tier = tier;
        this.workerId = workerId;
        this.clock = clock;
        this.observer = observer;
    }

    /** One call per task, no retries or rate limit. */
    public TaskExecutor(ModelProvider provider, TierProfile tier, String workerId, Clock clock, LongSupplier nanoTime,
            ModelCallObserver observer) {
        this(ModelCallRunner.singleCall(provider, nanoTime, observer), 1, tier, workerId, clock, observer);
    }

    /** The worker id stamped on every result. */
    public String workerId() {
        return workerId;
    }

    /**
     * Calls the model until it answers or the task must fail; the stage completes normally with
     * the final result, unless the worker itself has a defect (then {@link TaskCompletion} turns
     * the failure into {@link #workerError}).
     */
    public CompletionStage<TaskResult> execute(RoutedTask routed) {
        Task task = routed.task();
        // Call numbers stay distinct across placements, so the simulated provider draws afresh for each.
        int firstCall = (routed.attempt() - 1) * maxCallsPerTask;
        return calls.run(call -> new ModelRequest(tier.model(), task.prompt(), tier.maxOutputTokens(), task.id(),
                firstCall + call)).thenApply(outcome -> {
                    double cost = CostModel.costUsd(tier.price(), outcome.inputTokens(), outcome.outputTokens());
                    observer.charged(outcome.inputTokens(), outcome.outputTokens(), cost);
                    return outcome.failure() == null ? succeeded(routed, outcome, cost) : failed(routed, outcome, cost);
                });
    }

    private TaskResult succeeded(RoutedTask routed, ModelCallRunner.Outcome outcome, double cost) {
        return result(routed, ResultStatus.SUCCEEDED, outcome.response().output(), null, outcome,
                cost, outcome.response().latency());
    }

    private TaskResult failed(RoutedTask routed, ModelCallRunner.Outcome outcome, double cost) {
        Throwable failure = outcome.failure();
        ResultError error = failure instanceof ModelCallException call
                ? new ResultError(call.code(), messageOf(call))
                : new ResultError(PROVIDER_ERROR, describe(failure));
        return result(routed, ResultStatus.FAILED, null, error, outcome, cost, outcome.lastCall());
    }

    /**
     * The FAILED result of a task the worker itself could not handle: {@code bug} escaped
     * {@link #execute} or its result could not be encoded. It carries the exception's class and
     * message only, never the prompt, and no tokens or cost because none can be vouched for.
     */
    public TaskResult workerError(RoutedTask routed, Throwable bug) {
        return result(routed, ResultStatus.FAILED, null, new ResultError(TaskCompletion.WORKER_ERROR, describe(bug)),
                0, 0, 0, 0, Duration.ZERO);
    }

    /** ResultError requires a message, and a provider may throw without one. */
    private static String messageOf(ModelCallException call) {
        return call.getMessage() != null ? call.getMessage() : "model call failed with " + call.code();
    }

    /** {@code SimpleClassName: message}, or the class name alone when there is no message; never the prompt. */
    public static String describe(Throwable failure) {
        String name = failure.getClass().getSimpleName();
        return failure.getMessage() == null ? name : name + ": " + failure.getMessage();
    }

    private TaskResult result(RoutedTask routed, ResultStatus status, String output, ResultError error,
            ModelCallRunner.Outcome outcome, double cost, Duration latency) {
        return result(routed, status, output, error, outcome.calls(), outcome.inputTokens(), outcome.outputTokens(),
                cost, latency);
    }

    private TaskResult result(RoutedTask routed, ResultStatus status, String output, ResultError error, int attempts,
            long inputTokens, long outputTokens, double cost, Duration latency) {
        Task task = routed.task();
        return new TaskResult(EventCodec.SCHEMA_VERSION, task.id(), task.batchId(), task.type(), tier.tier(),
                tier.model(), status, output, error, attempts, inputTokens, outputTokens, cost, latency.toMillis(),
                workerId, clock.instant(), routed.routing(), task.team(), task.run(), task.createdAt(), routed.history());
    }
}
