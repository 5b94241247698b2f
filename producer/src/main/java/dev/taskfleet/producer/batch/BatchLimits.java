package dev.taskfleet.producer.batch;

/**
 * How much one batch may hold.
 *
 * @param maxBytes              largest request body, in bytes, counted while it streams in
 * @param maxTasks              most tasks (valid or not) in one batch
 * @param maxLineBytes          longest NDJSON line; longer lines are rejected without being held whole
 * @param maxRejectionsReported most rejected entries listed in a reply; the count covers all of them
 */
public record BatchLimits(long maxBytes, int maxTasks, int maxLineBytes, int maxRejectionsReported) {

    public BatchLimits {
        if (maxBytes < 1 || maxTasks < 1 || maxLineBytes < 1 || maxRejectionsReported < 0) {
            throw new IllegalArgumentException("batch limits must be positive: " + maxBytes + " bytes, "
                    + maxTasks + " tasks, " + maxLineBytes + " bytes a line, " + maxRejectionsReported + " rejections");
        }
    }
}
