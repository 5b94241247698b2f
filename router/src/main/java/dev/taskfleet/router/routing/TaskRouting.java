package dev.taskfleet.router.routing;

import dev.taskfleet.contract.DeadLetterReasons;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.EventDecodingException;
import dev.taskfleet.contract.InvalidTaskException;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskValidator;
import dev.taskfleet.policy.PolicyDecision;
import java.time.Clock;
import java.util.List;

/**
 * Turns the value of one record from the tasks topic into a {@link RoutingOutcome}. Bad input
 * is an answer, never an exception: the caller dead-letters it and carries on; an invalid task of
 * a batch also gets its final FAILED result ({@link NotPlaced#invalid}), so the batch finishes.
 *
 * <p>Thread-safe if its validator and decider are (the shipped ones are).
 */
public final class TaskRouting {

    /** Every reason code a rejection can carry. */
    public static final List<String> REASON_CODES = List.of(DeadLetterReasons.UNPARSEABLE,
            DeadLetterReasons.UNSUPPORTED_VERSION, DeadLetterReasons.INVALID_EVENT, DeadLetterReasons.INVALID_TASK,
            DeadLetterReasons.ROUTING_FAILED);

    private final TaskValidator validator;
    private final TierDecider decider;
    private final String routerId;
    private final Clock clock;

    /**
     * @param routerId written as {@code workerId} on the final result of an invalid task
     * @param clock    stamps that result
     */
    public TaskRouting(TaskValidator validator, TierDecider decider, String routerId, Clock clock) {
        this.validator = validator;
        this.decider = decider;
        this.routerId = routerId;
        this.clock = clock;
    }

    /** Routes one record value; {@code null} (a tombstone) is rejected as unparseable. */
    public RoutingOutcome route(byte[] value) {
        Task task;
        try {
            task = EventCodec.decodeTask(value);
        } catch (EventDecodingException e) {
            return new Rejection(e.reasonCode(), e.getMessage(), null);
        }
        try {
            validator.check(task);
        } catch (InvalidTaskException e) {
            return new Rejection(DeadLetterReasons.INVALID_TASK, e.getMessage(), task.id(),
                    NotPlaced.invalid(task, e.field(), e.getMessage(), routerId, clock.instant()).orElse(null));
        }
        PolicyDecision decision = decider.decide(task);
        return new RoutingOutcome.Routed(
                RoutedTask.firstPlacement(task, decision.tier(), decision.toRoutingDecision()), value);
    }
}
