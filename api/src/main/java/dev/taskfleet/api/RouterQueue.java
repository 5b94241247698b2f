package dev.taskfleet.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Where a batch stands in the router's queue. With inbox lanes off every team's tasks enter the
 * fleet through one input topic, which the router takes in order, so a batch's tasks reach a tier
 * only after the tasks accepted before them have been routed; with them on, each team's tasks have
 * lanes of their own, read beside the others', so only the team's own earlier tasks come first.
 * Counted from the router's tallies of what it placed on each tier; a task some tier holds
 * (queued, running, at a provider) is routed.
 *
 * @param notRouted this batch's tasks without a final result that no tier holds yet
 * @param ahead     tasks of running batches accepted before this one that no tier holds yet, of
 *                  any team (inbox lanes off) or of the batch's team (on): what the router takes
 *                  before this batch's own (0 once nothing of this batch waits for the router)
 */
public record RouterQueue(
        @Schema(required = true) long notRouted,
        @Schema(required = true) long ahead) {

    /** Nothing of the batch waits for the router. */
    public static final RouterQueue NONE = new RouterQueue(0, 0);
}
