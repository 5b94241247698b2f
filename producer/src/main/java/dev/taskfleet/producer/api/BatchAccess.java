package dev.taskfleet.producer.api;

import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.producer.config.FleetConfig;
import dev.taskfleet.producer.tracking.BatchTracking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/**
 * The questions every batch resource asks first: has this replica's tracker caught up (503 if
 * not, rather than answering from half the log), and may the caller see this batch (404 when it
 * does not exist or belongs to another team: the two are not told apart).
 */
@ApplicationScoped
public class BatchAccess {

    private final BatchTracking tracking;
    private final Duration catchUpTimeout;

    @Inject
    public BatchAccess(BatchTracking tracking, FleetConfig config) {
        this.tracking = tracking;
        this.catchUpTimeout = config.producer().trackerCatchUpTimeout();
    }

    /** Waits (blocking) for the tracker's first catch-up, or throws a 503 problem. */
    public void requireCaughtUp() {
        if (!tracking.awaitCaughtUp(catchUpTimeout)) {
            throw notCaughtUp();
        }
    }

    /** As {@link #requireCaughtUp()} without waiting, for the event loop. */
    public void requireCaughtUpNow() {
        if (!tracking.caughtUp()) {
            throw notCaughtUp();
        }
    }

    /** The batch's status if {@code team} owns it, else a 404 problem. */
    public BatchStatus visible(String batchId, String team) {
        return tracking.ledger().status(batchId)
                .filter(status -> team.equals(status.team()))
                .orElseThrow(() -> ProblemException.notFound(batchId));
    }

    private static ProblemException notCaughtUp() {
        return new ProblemException(Problems.of("not-ready", "Not ready yet", Response.Status.SERVICE_UNAVAILABLE,
                "this replica is still reading the batch history from Kafka; try again shortly"));
    }
}
