package dev.taskfleet.launcher.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Follows a batch until every accepted task has a result, redrawing the progress as results
 * arrive. Gives up when results stop arriving for the stall timeout, or at once when the health
 * check throws (a service died).
 */
public final class BatchFollower {

    private static final Duration POLL = Duration.ofMillis(200);

    private final ResultsWatcher watcher;
    private final ProgressDisplay display;
    private final ProgressRenderer renderer;
    private final Duration stallTimeout;
    private final Runnable healthCheck;
    private final Clock clock;

    /**
     * @param healthCheck run between polls; throws to abort, e.g. when a service has died
     */
    public BatchFollower(ResultsWatcher watcher, ProgressDisplay display, ProgressRenderer renderer,
                         Duration stallTimeout, Runnable healthCheck, Clock clock) {
        this.watcher = watcher;
        this.display = display;
        this.renderer = renderer;
        this.stallTimeout = stallTimeout;
        this.healthCheck = healthCheck;
        this.clock = clock;
    }

    /**
     * Returns when the batch is complete.
     *
     * @throws IllegalStateException when no result arrived for the stall timeout
     */
    public void follow(BatchProgress progress) {
        Instant lastResult = clock.instant();
        while (!progress.isComplete()) {
            if (watcher.pollInto(progress, POLL) > 0) {
                lastResult = clock.instant();
            }
            healthCheck.run();
            Instant now = clock.instant();
            if (Duration.between(lastResult, now).compareTo(stallTimeout) > 0) {
                display.finish(renderer.progress(progress, now));
                throw new IllegalStateException("no results for " + stallTimeout.toSeconds() + " s with "
                        + progress.completed() + " of " + progress.expected() + " tasks finished"
                        + (watcher.undecodable() > 0 ? " (" + watcher.undecodable() + " unreadable results)" : "")
                        + "; the services' logs may say why");
            }
            display.update(renderer.progress(progress, now), now);
        }
        display.finish(renderer.progress(progress, clock.instant()));
    }
}
