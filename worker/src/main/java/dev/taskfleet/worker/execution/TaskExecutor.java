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
import dev.taskfleet.worker.provider.ModelResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * Runs one routed task through the model provider and builds its final {@link TaskResult}. A
 * failed call is an outcome, not an error: the stage completes normally with a FAILED result
 * carrying the provider's error code.
 *
 * <p>One routed task is one model call for now, so every result reports {@code attempts = 1} and
 * the tokens and cost of that call; retries and escalation will add theirs.
 */
public final class TaskExecutor {

    /** Error code for a provider that broke its contract by failing with something other than a {@link ModelCallException}. */
    public static final String PROVIDER_ERROR = "PROVIDER_ERROR";

    private final ModelProvider provider;
    private final TierProfile tier;
    private final String workerId;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final ModelCallObserver observer;

    /**
     * @param clock    stamps {@code finishedAt}
     * @param nanoTime measures call durations, {@code System::nanoTime} outside tests
     */
    public TaskExecutor(ModelProvider provider, TierProfile tier, String workerId, Clock clock, LongSupplier nanoTime,
            ModelCallObserver observer) {
        this.provider = provider;
        this.tier = tier;
        this.workerId = workerId;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.observer = observer;
    }

    /** The worker id stamped on every result. */
    public String workerId() {
        return workerId;
    }

    /**
     * Calls the model; the stage completes normally with the final result, unless the worker
     * itself has a defect (then {@link TaskCompletion} turns the failure into {@link #workerError}).
     */
    public CompletionStage<TaskResult> execute(RoutedTask routed) {
        Task task = routed.task();
        ModelRequest request = new ModelRequest(tier.model(), task.prompt(), tier.maxOutputTokens(), task.id(),
                routed.attempt());
        long started = nanoTime.getAsLong();
        CompletionStage<ModelResponse> call;
        try {
            call = provider.complete(request);
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.handle((response, failure) -> {
            Duration elapsed = Duration.ofNanos(nanoTime.getAsLong() - started);
            observer.callFinished(failure == null, elapsed);
            return failure == null ? succeeded(routed, response) : failed(routed, unwrap(failure), elapsed);
        });
    }

    private TaskResult succeeded(RoutedTask routed, ModelResponse response) {
        double cost = CostModel.costUsd(tier.price(), response.inputTokens(), response.outputTokens());
        return result(routed, ResultStatus.SUCCEEDED, response.output(), null, response.inputTokens(),
                response.outputTokens(), cost, response.latency());
    }

    private TaskResult failed(RoutedTask routed, Throwable failure, Duration elapsed) {
        ResultError error = failure instanceof ModelCallException call
                ? new ResultError(call.code(), messageOf(call))
                : new ResultError(PROVIDER_ERROR, describe(failure));
        // Providers do not charge for calls that produced nothing, so a failed call costs nothing.
        return result(routed, ResultStatus.FAILED, null, error, 0, 0, 0, elapsed);
    }

    /**
     * The FAILED result of a task the worker itself could not handle: {@code bug} escaped
     * {@link #execute} or its result could not be encoded. It carries the exception's class and
     * message only, never the prompt, and no tokens or cost because none can be vouched for.
     */
    public TaskResult workerError(RoutedTask routed, Throwable bug) {
        return result(routed, ResultStatus.FAILED, null, new ResultError(TaskCompletion.WORKER_ERROR, describe(bug)),
                0, 0, 0, Duration.ZERO);
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
            long inputTokens, long outputTokens, double cost, Duration latency) {
        Task task = routed.task();
        return new TaskResult(EventCodec.SCHEMA_VERSION, task.id(), task.batchId(), task.type(), tier.tier(),
                tier.model(), status, output, error, 1, inputTokens, outputTokens, cost, latency.toMillis(),
                workerId, clock.instant(), routed.routing());
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
