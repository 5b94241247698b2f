package dev.taskfleet.producer.progress;

/**
 * Final results of a batch's tasks on one tier (the tier that produced each task's final outcome).
 *
 * @param succeeded tasks that succeeded on this tier
 * @param failed    tasks that failed on this tier
 * @param cancelled tasks cancelled on this tier
 */
public record TierCounts(long succeeded, long failed, long cancelled) {
}
