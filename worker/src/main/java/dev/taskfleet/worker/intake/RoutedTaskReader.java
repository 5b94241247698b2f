package dev.taskfleet.worker.intake;

import dev.taskfleet.contract.DeadLetterReasons;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.EventDecodingException;
import dev.taskfleet.contract.InvalidTaskException;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.TaskValidator;
import dev.taskfleet.contract.TopicNames;
import java.util.List;

/**
 * Reads a record value from a tier topic as a {@link RoutedTask} and holds it to the contract:
 * it must be UTF-8 JSON the {@link EventCodec} accepts, be placed on this worker's tier, and carry
 * a task that {@link TaskValidator#check} accepts (records can reach the topic by other means
 * than the router).
 */
public final class RoutedTaskReader {

    /** Every reason code this reader gives, so metrics can be registered up front. */
    public static final List<String> REASON_CODES = List.of(DeadLetterReasons.UNPARSEABLE,
            DeadLetterReasons.UNSUPPORTED_VERSION, DeadLetterReasons.INVALID_EVENT, DeadLetterReasons.INVALID_TASK,
            DeadLetterReasons.WRONG_TIER);

    private final String tier;
    private final TaskValidator validator;

    public RoutedTaskReader(String tier, TaskValidator validator) {
        this.tier = TopicNames.requireValidTier(tier);
        this.validator = validator;
    }

    public RoutedTask read(byte[] value) throws RejectedRecordException {
        RoutedTask routed;
        try {
            routed = EventCodec.decodeRoutedTask(value);
        } catch (EventDecodingException e) {
            throw new RejectedRecordException(e.reasonCode(), e.getMessage());
        }
        if (!tier.equals(routed.tier())) {
            throw new RejectedRecordException(DeadLetterReasons.WRONG_TIER, "task " + routed.task().id() + " is routed to tier '"
                    + routed.tier() + "' but was read by the worker of tier '" + tier + "'");
        }
        try {
            validator.check(routed.task());
        } catch (InvalidTaskException e) {
            throw new RejectedRecordException(DeadLetterReasons.INVALID_TASK, "task " + routed.task().id() + ": " + e.getMessage());
        }
        return routed;
    }
}
