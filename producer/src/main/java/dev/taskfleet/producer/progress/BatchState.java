package dev.taskfleet.producer.progress;

/** Where a batch stands. */
public enum BatchState {
    /** Some task's newest run has no final result yet. */
    RUNNING,
    /** Every task's newest run has a final result. */
    COMPLETED,
    /** The batch's newest run was cancelled; results keep arriving as workers skip the unstarted tasks. */
    CANCELLED
}
