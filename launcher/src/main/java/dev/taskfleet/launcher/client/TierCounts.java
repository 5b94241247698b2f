package dev.taskfleet.launcher.client;

/**
 * Finished tasks of a batch on one tier.
 *
 * @param succeeded tasks whose newest run succeeded on this tier
 * @param failed    tasks whose newest run failed on this tier
 * @param cancelled tasks whose newest run was cancelled on this tier
 */
public record TierCounts(long succeeded, long failed, long cancelled) {

    public long finished() {
        return succeeded + failed + cancelled;
    }
}
