package dev.taskfleet.producer.submit;

import dev.taskfleet.contract.Priority;
import dev.taskfleet.producer.batch.BatchOutcome;
import dev.taskfleet.producer.batch.BatchTooLargeException;
import dev.taskfleet.producer.team.SpendBudget;
import java.time.Duration;

/** How a batch submission ended. Every variant carries the batch id and what was published. */
public sealed interface SubmissionResult {

    String batchId();

    /** Tasks of this batch the broker acknowledged; they stay on the topic whatever the result. */
    long published();

    /** At least one task valid, and every valid task acknowledged by the broker. */
    record Accepted(BatchOutcome outcome) implements SubmissionResult {
        public String batchId() {
            return outcome.batchId();
        }

        public long published() {
            return outcome.accepted();
        }
    }

    /** The body held no valid task; nothing was published. */
    record NothingValid(BatchOutcome outcome) implements SubmissionResult {
        public String batchId() {
            return outcome.batchId();
        }

        public long published() {
            return 0;
        }
    }

    /** The body broke the byte or task limit; the tasks read before that were published. */
    record TooLarge(String batchId, BatchTooLargeException limit, long published) implements SubmissionResult {
    }

    /** Kafka did not take every task. */
    record PublishFailed(String batchId, String reason, long published) implements SubmissionResult {
    }

    /** The team already has its most batches in flight; nothing was read or published. */
    record TooManyInFlight(String team, int inFlight, int maximum) implements SubmissionResult {
        public String batchId() {
            return null;
        }

        public long published() {
            return 0;
        }
    }

    /** The team has spent its daily or monthly budget; nothing was read or published. */
    record OverBudget(String team, SpendBudget.Exhausted budget, Duration untilReset) implements SubmissionResult {
        public String batchId() {
            return null;
        }

        public long published() {
            return 0;
        }
    }

    /**
     * The batch was submitted with a priority class its team may not use; nothing was read or published.
     *
     * @param problem what to tell the caller: the class and the ones the team may use
     */
    record PriorityNotAllowed(String team, Priority priority, String problem) implements SubmissionResult {
        public String batchId() {
            return null;
        }

        public long published() {
            return 0;
        }
    }

    /** The body stopped arriving (the client went away or the connection broke). */
    record Unreadable(String batchId, String reason, long published) implements SubmissionResult {
    }
}
