package dev.taskfleet.contract;

/**
 * What the router did on one tier for one run of a batch within one of its transactions: the
 * per-tier part of a {@link BatchEvent.Type#ROUTED} event. Counts, not task ids, so the event stays
 * a few hundred bytes however many tasks one transaction forwarded.
 *
 * @param routed             tasks placed on this tier on their first placement
 * @param escalatedIn        tasks placed on this tier by an escalation from a lower one
 * @param escalatedOut       tasks that left this tier for a higher one by an escalation
 * @param escalationsRefused escalation requests from this tier the router refused: it wrote those
 *                           tasks' final FAILED results itself, on this tier
 */
public record TierRouting(long routed, long escalatedIn, long escalatedOut, long escalationsRefused) {

    public TierRouting {
        if (routed < 0 || escalatedIn < 0 || escalatedOut < 0 || escalationsRefused < 0) {
            throw new IllegalArgumentException("tier routing counts cannot be negative: " + routed + ", "
                    + escalatedIn + ", " + escalatedOut + ", " + escalationsRefused);
        }
    }

    /** These counts plus {@code other}'s. */
    public TierRouting plus(TierRouting other) {
        return new TierRouting(routed + other.routed, escalatedIn + other.escalatedIn,
                escalatedOut + other.escalatedOut, escalationsRefused + other.escalationsRefused);
    }
}
