package dev.taskfleet.policy;

/**
 * One rule of the policy: when its match holds, the task goes to its tier.
 *
 * @param id          stable id, recorded on every decision and used as a metric tag
 * @param tierIndex   the tier's position in the tier order
 * @param match       the conditions
 * @param description why the rule exists, shown in explanations; may be {@code null}
 */
record Rule(String id, int tierIndex, Match match, String description) {
}
