package dev.taskfleet.contract;

/** The outcome of a task. A task has exactly one final result per run. */
public enum ResultStatus {
    SUCCEEDED,
    FAILED,
    /** The batch was cancelled before the task's model call started; nothing was billed. */
    CANCELLED,
    /**
     * The team's spend budget ran out before the task's model call started (the producer stopped
     * the batch run at the budget); nothing was billed. Final: not retried by the worker and not
     * escalated; a retry of the batch re-runs it once the budget allows.
     */
    BUDGET_EXCEEDED;

    /** Whether the task never reached a model: CANCELLED or BUDGET_EXCEEDED. */
    public boolean notRun() {
        return this == CANCELLED || this == BUDGET_EXCEEDED;
    }
}
