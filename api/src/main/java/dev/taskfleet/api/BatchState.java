package dev.taskfleet.api;

/**
 * Where a batch stands. A client reading a state it does not know (from a newer producer) gets
 * {@code null} rather than an error.
 */
public enum BatchState {
    /** Some task's newest run has no final result yet. */
    RUNNING,
    /** Every task's newest run has a final result. */
    COMPLETED,
    /** The batch's newest run was cancelled; results keep arriving as workers skip the unstarted tasks. */
    CANCELLED,
    /**
     * The team's daily or monthly spend budget ran out while the batch's newest run had work left:
     * its tasks not yet started end BUDGET_EXCEEDED (results keep arriving as workers skip them).
     * A retry re-runs them once the budget allows.
     */
    BUDGET_EXCEEDED
}
