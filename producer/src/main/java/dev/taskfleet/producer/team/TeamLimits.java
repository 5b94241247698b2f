package dev.taskfleet.producer.team;

/**
 * What one team may submit.
 *
 * @param maxTasksPerBatch   most tasks in one batch; more is refused with 413
 * @param maxPromptChars     longest prompt; a longer one stops the batch with 413
 * @param maxBatchesInFlight most batches still running (not completed, cancelled or stopped at the budget); one more is refused with 429
 */
public record TeamLimits(int maxTasksPerBatch, int maxPromptChars, int maxBatchesInFlight) {

    /** Problem-reply name of {@link #maxTasksPerBatch()}. */
    public static final String MAX_TASKS_PER_BATCH = "max-tasks-per-batch";
    /** Problem-reply name of {@link #maxPromptChars()}. */
    public static final String MAX_PROMPT_CHARS = "max-prompt-chars";
    /** Problem-reply name of {@link #maxBatchesInFlight()}. */
    public static final String MAX_BATCHES_IN_FLIGHT = "max-batches-in-flight";

    public TeamLimits {
        if (maxTasksPerBatch < 1 || maxPromptChars < 1 || maxBatchesInFlight < 1) {
            throw new IllegalArgumentException("team limits must be at least 1: " + maxTasksPerBatch + " tasks, "
                    + maxPromptChars + " prompt characters, " + maxBatchesInFlight + " batches in flight");
        }
    }
}
