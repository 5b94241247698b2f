package dev.taskfleet.router.health;

import dev.taskfleet.kafka.AccessRefusals;
import dev.taskfleet.router.kafka.RouterLoops;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Liveness: DOWN once a router loop stopped on its own (fenced producer, lost rights), so the
 * pod restarts instead of idling, and DOWN once the broker refused the router anything
 * ({@code kafka-access}, naming principal, operation and resource): a missing ACL does not pass
 * by itself. Readiness: UP once the adaptive window is replayed and the forwarding loop consumes.
 */
@ApplicationScoped
public class RouterHealthChecks {

    private final RouterLoops loops;

    public RouterHealthChecks(RouterLoops loops) {
        this.loops = loops;
    }

    @Produces
    @Liveness
    HealthCheck alive() {
        return () -> {
            String failure = loops.failure();
            return HealthCheckResponse.named("router-loops").status(failure == null)
                    .withData("failure", failure == null ? "none" : failure).build();
        };
    }

    @Produces
    @Liveness
    HealthCheck kafkaAccess() {
        return () -> AccessRefusals.jvm().reason()
                .map(reason -> HealthCheckResponse.named("kafka-access").down().withData("reason", reason).build())
                .orElseGet(() -> HealthCheckResponse.up("kafka-access"));
    }

    @Produces
    @Readiness
    HealthCheck ready() {
        return () -> HealthCheckResponse.named("router-forwarding").status(loops.ready()).build();
    }
}
