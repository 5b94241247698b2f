package dev.taskfleet.producer.batch;

/**
 * How much one batch may hold.
 *
 * @param maxBytes              largest request body, in bytes, counted while it streams in
 * @param maxTasks              most tasks (valid or not) in one batch
 * @param maxLineBytes          longest NDJSON line; longer lines are rejected without being held whole
 * @param maxRejectionsReported most rejected entries listed in a reply; the count covers all of them
 * @param maxPromptChars        longest prompt the submitting team may send; a longer one stops the
 *                              batch (the contract's own, fleet-wide prompt limit only rejects the task)
 */
public record BatchLimits(long maxBytes, int maxTasks, int maxLineBytes, int maxRejectionsReported, int maxPromptChars) {

    public BatchLimits {
        if (maxBytes < 1 || maxTasks < 1 || maxLineBytes < 1 || maxRejectionsReported < 0 || maxPromptChars < 1) {
            throw new IllegalArgumentException("batch limits must be positive: " + maxBytes + " bytes, "
                    + maxTasks + " tasks, " + maxLineBytes + " bytes a line, " + maxRejectionsReported + " rejections, "
                    + maxPromptChars + " prompt characters");
        }
    }

    /** Limits without a team prompt limit of their own (the contract's limit still applies). */
    public BatchLimits(long maxBytes, int maxTasks, int maxLineBytes, int maxRejectionsReported) {
        this(maxBytes, maxTasks, maxLineBytes, maxRejectionsReported, Integer.MAX_VALUE);
    }

    /** These limits narrowed to a team's: the smaller task count and prompt length win. */
    public BatchLimits forTeam(int teamMaxTasks, int teamMaxPromptChars) {
        return new BatchLimits(maxBytes, Math.min(maxTasks, teamMaxTasks), maxLineBytes, maxRejectionsReported,
                Math.min(maxPromptChars, teamMaxPromptChars));
    }
}
