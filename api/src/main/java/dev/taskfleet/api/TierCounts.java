package dev.taskfleet.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Finished tasks of a batch on one tier: the tier that produced each task's final result.
 *
 * @param succeeded tasks whose newest run succeeded on this tier
 * @param failed    tasks whose newest run failed on this tier
 * @param cancelled tasks whose newest run was cancelled on this tier
 */
public record TierCounts(
        @Schema(required = true) long succeeded,
        @Schema(required = true) long failed,
        @Schema(required = true) long cancelled) {

    /** Every finished task on this tier. */
    public long finished() {
        return succeeded + failed + cancelled;
    }
}
