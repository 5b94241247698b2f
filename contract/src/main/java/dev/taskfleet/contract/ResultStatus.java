package dev.taskfleet.contract;

/** The outcome of a task. A task has exactly one final result per run. */
public enum ResultStatus {
    SUCCEEDED,
    FAILED,
    /** The batch was cancelled before the task's model call started; nothing was billed. */
    CANCELLED
}
