package dev.taskfleet.contract;

/** The outcome of a task. A task has exactly one final result. */
public enum ResultStatus {
    SUCCEEDED,
    FAILED
}
