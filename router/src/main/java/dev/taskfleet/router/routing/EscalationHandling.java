package dev.taskfleet.router.routing;

import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.DeadLetterReasons;
import dev.taskfleet.contract.EscalationRequest;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.EventDecodingException;
import dev.taskfleet.contract.InvalidTaskException;
import dev.taskfleet.contract.ResultError;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.RoutingDecision;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.contract.TaskValidator;
import dev.taskfleet.policy.EscalationDecision;
import dev.taskfleet.policy.PolicyDecision;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * Answers the value of one record from the escalations topic: asks the policy for the next tier
 * and either places the task there or writes the task's final FAILED result. A request that
 * repeats one already answered is {@link EscalationOutcome.Repeated}. Bad input is an answer
 * ({@link Rejection}), never an exception.
 *
 * <p>Thread-safe.
 */
public final class EscalationHandling {

    private final TaskValidator validator;
    private final Function<EscalationRequest, EscalationDecision> policy;
    private final String instanceId;
    private final Clock clock;

    /**
     * @param policy     the routing policy's escalation step ({@code RoutingPolicy::escalate})
     * @param instanceId written as {@code workerId} on the results the router publishes, so a
     *                   person can tell them from a worker's
     */
    public EscalationHandling(TaskValidator validator, Function<EscalationRequest, EscalationDecision> policy,
            String instanceId, Clock clock) {
        this.validator = validator;
        this.policy = policy;
        this.instanceId = instanceId;
        this.clock = clock;
    }

    /**
     * @param claims the requests the current transaction answers, and through them those answered before
     */
    public EscalationOutcome handle(byte[] value, AnsweredEscalations.Claims claims) {
        EscalationRequest request;
        try {
            request = EventCodec.decodeEscalation(value);
        } catch (EventDecodingException e) {
            return new Rejection(e.reasonCode(), e.getMessage(), null);
        }
        try {
            validator.check(request.task());
        } catch (InvalidTaskException e) {
            // The task ran on a tier and asked to go higher: without a result its batch never finishes.
            // Claimed like any answer, so a repeat of this request is dead-lettered without a second result.
            boolean attributable = !"id".equals(e.field()) && !"batchId".equals(e.field());
            TaskResult result = attributable && claims.claim(request)
                    ? finalFailure(request, "the task is invalid: " + e.getMessage()) : null;
            return new Rejection(DeadLetterReasons.INVALID_TASK, e.getMessage(), request.task().id(), result);
        }
        if (!claims.claim(request)) {
            return new EscalationOutcome.Repeated(request.task().id(), request.fromTier(), request.routed().attempt());
        }
        EscalationDecision decision = policy.apply(request);
        if (decision.nextTier().isPresent()) {
            RoutedTask placed = new RoutedTask(EventCodec.SCHEMA_VERSION, request.task(), decision.nextTier().get(),
                    request.routed().attempt() + 1, new RoutingDecision(PolicyDecision.ESCALATION, 0, decision.reason()),
                    request.history());
            return new EscalationOutcome.Placed(placed, request);
        }
        return refusal(request, decision.reason());
    }

    /**
     * {@code placed} refused after all, for {@code reason} (the routed task is larger than the higher
     * tier's topic takes): the task ends with the final FAILED result a refusal by the policy gives it,
     * rather than with no result at all.
     */
    public EscalationOutcome.Refused refuse(EscalationOutcome.Placed placed, String reason) {
        return refusal(placed.request(), reason);
    }

    private EscalationOutcome.Refused refusal(EscalationRequest request, String reason) {
        return new EscalationOutcome.Refused(finalFailure(request, reason), request.fromTier(), reason);
    }

    /** The result a worker would have written had it not asked for escalation, plus why it was refused. */
    private TaskResult finalFailure(EscalationRequest request, String refusal) {
        Task task = request.task();
        List<AttemptRecord> history = request.history();
        AttemptRecord last = history.isEmpty() ? null : history.get(history.size() - 1);
        ResultError error = new ResultError(request.error().code(),
                request.error().message() + "; not escalated: " + refusal);
        return new TaskResult(EventCodec.SCHEMA_VERSION, task.id(), task.batchId(), task.type(),
                last == null ? request.fromTier() : last.tier(),
                last == null ? null : last.model(),
                ResultStatus.FAILED, null, error,
                history.size(),
                history.stream().mapToLong(AttemptRecord::inputTokens).sum(),
                history.stream().mapToLong(AttemptRecord::outputTokens).sum(),
                history.stream().mapToDouble(AttemptRecord::costUsd).sum(),
                last == null ? 0 : last.latencyMs(),
                instanceId, clock.instant(), request.routed().routing(),
                task.team(), task.run(), task.createdAt(), history, task.priority());
    }
}
