package dev.taskfleet.router.routing;

import dev.taskfleet.contract.EscalationRequest;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.TaskResult;
import java.util.Objects;

/**
 * The answer to one escalation request: the task placed on a higher tier, the task finished as
 * FAILED because the policy allows no higher tier, a repeat of a request already answered, or a
 * record set aside.
 */
public sealed interface EscalationOutcome
        permits EscalationOutcome.Placed, EscalationOutcome.Refused, EscalationOutcome.Repeated, Rejection {

    /**
     * The task goes to {@code routedTask.tier()}, one placement later than the one that failed.
     * {@code request} is kept so that a placement that cannot be written after all (too large for
     * the higher tier's topic) can still be refused: {@link EscalationHandling#refuse}.
     */
    record Placed(RoutedTask routedTask, EscalationRequest request) implements EscalationOutcome {

        public Placed {
            Objects.requireNonNull(routedTask, "routedTask");
            Objects.requireNonNull(request, "request");
        }

        /** The tier whose placement failed. */
        public String fromTier() {
            return request.fromTier();
        }
    }

    /** No higher tier is allowed: {@code result} is the task's final FAILED result. */
    record Refused(TaskResult result, String fromTier, String reason) implements EscalationOutcome {

        public Refused {
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(fromTier, "fromTier");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The request repeats one already answered for the same placement (a worker ran it twice):
     * nothing is written, see {@link AnsweredEscalations}.
     */
    record Repeated(String taskId, String fromTier, int placement) implements EscalationOutcome {

        public Repeated {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(fromTier, "fromTier");
        }
    }
}
