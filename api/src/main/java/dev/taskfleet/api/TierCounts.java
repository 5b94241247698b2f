package dev.taskfleet.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One tier of a batch: what the router placed there and what finished there. The placements come
 * from the router's tallies, so they are known before any task finishes; a bar per tier can
 * therefore show {@code finished} of {@code total} and reach 100% when the tier is done.
 *
 * <p>Every field is always present; {@code etaSeconds} is {@code null} while unknown. A producer
 * older than the placement fields sends only {@code succeeded}, {@code failed} and {@code cancelled};
 * a client then reads 0 for the others and should measure the tier against the batch's total.
 *
 * @param succeeded           tasks whose newest run succeeded on this tier
 * @param failed              tasks whose newest run failed on this tier
 * @param cancelled           tasks whose newest run never ran on this tier: cancelled, or stopped
 *                            at the team's budget
 * @param finished            {@code succeeded + failed + cancelled}
 * @param routed              first placements on this tier, over all runs
 * @param escalatedIn         tasks placed on this tier by an escalation from a lower tier
 * @param escalatedOut        tasks that left this tier by an escalation to a higher tier
 * @param escalationsRefused  tasks whose escalation from this tier the router refused (they
 *                            failed here; counted in {@code failed} too)
 * @param retried             tasks whose run on this tier failed and was re-run by a retry: they
 *                            count on the tier of their new run
 * @param total               the tasks this tier has: {@code finished} plus those still queued or
 *                            running on it, which is {@code routed + escalatedIn - escalatedOut -
 *                            retried}; never below {@code finished} (results can be read a moment
 *                            before the tally of their placement), and equal to it once the batch
 *                            has nothing queued
 * @param throughputPerSecond tasks finished on this tier per second between its first and last
 *                            result; 0 while unknown
 * @param etaSeconds          {@code (total - finished) / throughputPerSecond} rounded up; 0 when
 *                            nothing is left on the tier; {@code null} while its throughput is unknown
 */
public record TierCounts(
        @Schema(required = true) long succeeded,
        @Schema(required = true) long failed,
        @Schema(required = true) long cancelled,
        @Schema(required = true) long finished,
        @Schema(required = true) long routed,
        @Schema(required = true) long escalatedIn,
        @Schema(required = true) long escalatedOut,
        @Schema(required = true) long escalationsRefused,
        @Schema(required = true) long retried,
        @Schema(required = true) long total,
        @Schema(required = true) double throughputPerSecond,
        @Schema(required = true) Long etaSeconds) {
}
