package dev.taskfleet.policy;

/**
 * What one team may use.
 *
 * @param maxTierIndex the highest tier (index in the tier order) its tasks may run on
 * @param maxAttempts  model calls per task, over all placements, before escalation stops
 * @param hints        how its tier hints are treated
 */
record TeamLimits(int maxTierIndex, int maxAttempts, HintMode hints) {
}
