package dev.taskfleet.launcher.progress;

import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.launcher.client.StatusFeed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Waits for a batch to finish, showing its progress; gives up when no task finishes for the
 * stall timeout (the time the health check itself takes, a broker restart say, not counted), or
 * at once when the health check throws (a local service died).
 */
public final class BatchWaiter {

    private final StatusFeed feed;
    private final Duration stallTimeout;
    private final Runnable healthCheck;
    private final Clock clock;

    /**
     * @param stallTimeout how long no task may finish before giving up; {@code null} waits for ever
     * @param healthCheck  run on every status; throws to abort
     */
    public BatchWaiter(StatusFeed feed, Duration stallTimeout, Runnable healthCheck, Clock clock) {
        this.feed = feed;
        this.stallTimeout = stallTimeout;
        this.healthCheck = healthCheck;
        this.clock = clock;
    }

    /** Follows the batch until it has settled ({@link BatchStatus#isSettled()}) and returns its final status. */
    public BatchStatus await(String batchId, ProgressView view) {
        Stall stall = new Stall(clock.instant());
        try (view) {
            return feed.follow(batchId, status -> {
                Instant checking = clock.instant();
                healthCheck.run();
                // A long health check is the local stack starting its broker again: the fleet
                // recovering, not stalled, so that time does not count towards the stall timeout.
                stall.excuse(Duration.between(checking, clock.instant()));
                view.update(status);
                stall.check(status, clock.instant());
            });
        }
    }

    private final class Stall {
        private long finished = -1;
        private Instant since;

        Stall(Instant start) {
            this.since = start;
        }

        void excuse(Duration recovering) {
            since = since.plus(recovering);
        }

        void check(BatchStatus status, Instant now) {
            if (status.finished() != finished) {
                finished = status.finished();
                since = now;
            } else if (stallTimeout != null && !status.isSettled()
                    && Duration.between(since, now).compareTo(stallTimeout) > 0) {
                throw new IllegalStateException("no task finished for " + stallTimeout.toSeconds() + " s with "
                        + status.finished() + " of " + status.total() + " finished; the services' logs may say why");
            }
        }
    }
}
