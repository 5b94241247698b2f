package dev.taskfleet.producer.health;

import dev.taskfleet.producer.tracking.BatchTracking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the batch tracker has read the batches and results topics up to where they ended
 * at start-up: before that, statuses would be incomplete and the in-flight limit too generous.
 * A stopped tracker is DOWN too.
 */
@Readiness
@ApplicationScoped
public class TrackerReadinessCheck implements HealthCheck {

    private static final String NAME = "batch-tracker";

    private final BatchTracking tracking;

    @Inject
    public TrackerReadinessCheck(BatchTracking tracking) {
        this.tracking = tracking;
    }

    @Override
    public HealthCheckResponse call() {
        Exception failure = tracking.failure();
        if (failure != null) {
            return HealthCheckResponse.named(NAME).down().withData("reason", "stopped: " + failure.getMessage()).build();
        }
        return tracking.caughtUp() ? HealthCheckResponse.up(NAME)
                : HealthCheckResponse.named(NAME).down().withData("reason", "catching up with the batches and results topics").build();
    }
}
