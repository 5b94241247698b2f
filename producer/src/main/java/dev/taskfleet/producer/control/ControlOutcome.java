package dev.taskfleet.producer.control;

/** How a retry or cancel request ended. */
public sealed interface ControlOutcome {

    /** The failed tasks were re-published as {@code run}. */
    record Retried(String batchId, int run, long resubmitted) implements ControlOutcome {
    }

    /** The batch is cancelled (now, or it already was). */
    record Cancelled(String batchId) implements ControlOutcome {
    }

    /**
     * The batch is not in a state that allows the action; nothing was published.
     *
     * @param reason a short stable slug, e.g. {@code still-running}
     * @param detail what the caller can do about it
     */
    record Refused(String reason, String detail) implements ControlOutcome {
    }
}
