package dev.taskfleet.worker.execution;

import dev.taskfleet.contract.EscalationRequest;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.TaskResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Takes a routed task to one of five ends, so the Kafka adapter only has to settle its record.
 *
 * <p>A task the executor escalates is handed to the {@link EscalationSink} instead of the result
 * sink; once Kafka has acknowledged the request it is {@link Escalated} and the record may be
 * acknowledged. Only a sink refusing a result or request is {@link Refused}: then the record must
 * not be acknowledged.
 * Everything else that can go wrong inside the worker (the executor throwing or failing its stage,
 * a result that cannot be built or encoded) is a defect that would fail again on redelivery, so it
 * becomes a FAILED result with {@link ResultErrorCodes#WORKER_ERROR} that is published like any other; if even that
 * result cannot be built or encoded, the outcome is {@link Unpublishable} and the record belongs in
 * the DLQ. A result the sink refuses as too large ({@link ResultTooLargeException}) is not a refusal
 * either: redelivery would bring the same answer, so it is published without the answer as
 * {@link ResultErrorCodes#OUTPUT_TOO_LARGE} (or, too large even so, {@link Unpublishable}).
 *
 * <p>The returned stage never fails.
 */
public final class TaskCompletion {

    /** Sends one result to Kafka. */
    @FunctionalInterface
    public interface ResultSink {

        /**
         * Completes when the result is acknowledged; fails with {@link ResultEncodingException} if it
         * could not be encoded, and with anything else if it was refused.
         */
        CompletionStage<Void> publish(TaskResult result);
    }

    /** Sends one escalation request to Kafka. */
    @FunctionalInterface
    public interface EscalationSink {

        /** Like {@link ResultSink#publish}, for a request. */
        CompletionStage<Void> publish(EscalationRequest request);
    }

    /** How a task ended. */
    public sealed interface Outcome permits Published, Escalated, HandedOver, Refused, Unpublishable {
    }

    /** The task went to another pod before its first call here: leave its record unacknowledged. */
    public record HandedOver() implements Outcome {
    }

    /** The escalation request was acknowledged: acknowledge the record; the router takes it from here. */
    public record Escalated(EscalationRequest request) implements Outcome {
    }

    /**
     * The result was acknowledged: acknowledge the record.
     *
     * @param defect what made it a {@link ResultErrorCodes#WORKER_ERROR} result, for the log; {@code null} for a normal result
     */
    public record Published(TaskResult result, Throwable defect) implements Outcome {
    }

    /** The sink refused the result after its own retries: the record must not be acknowledged. */
    public record Refused(Throwable failure) implements Outcome {
    }

    /**
     * No result could be built or encoded: dead-letter the record with {@link ResultErrorCodes#WORKER_ERROR}.
     *
     * @param reason what went wrong, without the prompt, for the DLQ header
     * @param defect the last failure, for the log
     */
    public record Unpublishable(String reason, Throwable defect) implements Outcome {
    }

    private final TaskExecutor executor;
    private final ResultSink sink;
    private final EscalationSink escalations;

    public TaskCompletion(TaskExecutor executor, ResultSink sink, EscalationSink escalations) {
        this.executor = executor;
        this.sink = sink;
        this.escalations = escalations;
    }

    public CompletionStage<Outcome> complete(RoutedTask routed) {
        return complete(routed, () -> true);
    }

    /** As {@link #complete(RoutedTask)}, for a task this pod holds only while {@code owned} says so. */
    public CompletionStage<Outcome> complete(RoutedTask routed, BooleanSupplier owned) {
        return attempt(() -> executor.execute(routed, owned))
                .handle((verdict, failure) -> failure == null
                        ? settle(routed, verdict)
                        : publishWorkerError(routed, unwrap(failure)))
                .thenCompose(Function.identity());
    }

    private CompletionStage<Outcome> settle(RoutedTask routed, Verdict verdict) {
        if (verdict instanceof Verdict.Escalate escalate) {
            return escalate(routed, escalate.request());
        }
        if (verdict instanceof Verdict.HandedOver) {
            return CompletableFuture.completedFuture(new HandedOver());
        }
        return publish(((Verdict.Final) verdict).result(), null, bug -> publishWorkerError(routed, bug));
    }

    /** Sends the request; a request that cannot be encoded is a defect like a result that cannot be. */
    private CompletionStage<Outcome> escalate(RoutedTask routed, EscalationRequest request) {
        return attempt(() -> escalations.publish(request))
                .handle((acknowledged, failure) -> {
                    if (failure == null) {
                        return CompletableFuture.<Outcome>completedFuture(new Escalated(request));
                    }
                    Throwable cause = unwrap(failure);
                    return cause instanceof ResultEncodingException encoding
                            ? publishWorkerError(routed, encoding)
                            : CompletableFuture.<Outcome>completedFuture(new Refused(cause));
                })
                .thenCompose(Function.identity());
    }

    private CompletionStage<Outcome> publishWorkerError(RoutedTask routed, Throwable bug) {
        TaskResult failed;
        try {
            failed = executor.workerError(routed, bug);
        } catch (RuntimeException e) {
            if (e != bug) {
                e.addSuppressed(bug);
            }
            return CompletableFuture.completedFuture(new Unpublishable("no " + ResultErrorCodes.WORKER_ERROR
                    + " result could be built after " + TaskExecutor.describe(bug) + ": " + TaskExecutor.describe(e), e));
        }
        return publish(failed, bug, encoding -> CompletableFuture.completedFuture(new Unpublishable(
                "no result could be encoded, not even a " + ResultErrorCodes.WORKER_ERROR + " one: "
                        + TaskExecutor.describe(encoding.getCause() != null ? encoding.getCause() : encoding), encoding)));
    }

    /** Publishes {@code result}; an encoding failure goes to {@code onEncodingFailure}, any other failure is a refusal. */
    private CompletionStage<Outcome> publish(TaskResult result, Throwable defect,
            Function<ResultEncodingException, CompletionStage<Outcome>> onEncodingFailure) {
        return attempt(() -> sink.publish(result))
                .handle((acknowledged, failure) -> {
                    if (failure == null) {
                        return CompletableFuture.<Outcome>completedFuture(new Published(result, defect));
                    }
                    Throwable cause = unwrap(failure);
                    if (cause instanceof ResultTooLargeException tooLarge) {
                        return result.output() != null
                                ? publish(TooLargeResults.withoutAnswer(result, tooLarge.bytes()), defect, onEncodingFailure)
                                : CompletableFuture.<Outcome>completedFuture(new Unpublishable(
                                        "the result is larger than the results topic takes even without an answer ("
                                                + tooLarge.bytes() + " bytes)", tooLarge));
                    }
                    return cause instanceof ResultEncodingException encoding
                            ? onEncodingFailure.apply(encoding)
                            : CompletableFuture.<Outcome>completedFuture(new Refused(cause));
                })
                .thenCompose(Function.identity());
    }

    /** The stage {@code action} returns, or a failed one if it threw or returned none. */
    private static <T> CompletionStage<T> attempt(Supplier<CompletionStage<T>> action) {
        try {
            CompletionStage<T> stage = action.get();
            return stage != null ? stage : CompletableFuture.failedFuture(new NullPointerException("no stage returned"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
