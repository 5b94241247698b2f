package dev.taskfleet.producer.health;

import dev.taskfleet.producer.tracking.BatchTracking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the JVM answers HTTP and the batch tracker runs. A broker outage is deliberately
 * not a liveness failure: restarting the producer would not bring the broker back, readiness
 * takes it out of rotation (and the tracker rides it out, retrying). A tracker that stopped for
 * good never restarts in place, so the replica would stay unready forever: only a restart helps.
 */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

    private static final String NAME = "producer";

    private final Supplier<Exception> trackerFailure;

    @Inject
    public LivenessCheck(BatchTracking tracking) {
        this(tracking::failure);
    }

    /** @param trackerFailure why the batch tracker stopped, or {@code null} while it runs */
    LivenessCheck(Supplier<Exception> trackerFailure) {
        this.trackerFailure = trackerFailure;
    }

    @Override
    public HealthCheckResponse call() {
        Exception failure = trackerFailure.get();
        if (failure != null) {
            return HealthCheckResponse.named(NAME).down()
                    .withData("reason", "batch tracker stopped: " + failure.getClass().getSimpleName() + ": "
                            + failure.getMessage())
                    .build();
        }
        return HealthCheckResponse.up(NAME);
    }
}
