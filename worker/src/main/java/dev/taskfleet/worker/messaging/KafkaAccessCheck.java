package dev.taskfleet.worker.messaging;

import dev.taskfleet.kafka.AccessRefusals;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * DOWN once the broker refused the worker an operation, with the refusal (principal, operation,
 * resource) as the reason. A missing ACL does not pass by itself: every result would be refused
 * the same way, so the pod restarts (picking up rotated credentials and granted ACLs) and its
 * status says which right is missing. The tasks channel, failed by the refused write, reports
 * DOWN too, in SmallRye's words.
 */
@Liveness
@ApplicationScoped
public class KafkaAccessCheck implements HealthCheck {

    private static final String NAME = "kafka-access";

    @Override
    public HealthCheckResponse call() {
        return AccessRefusals.jvm().reason()
                .map(reason -> HealthCheckResponse.named(NAME).down().withData("reason", reason).build())
                .orElseGet(() -> HealthCheckResponse.up(NAME));
    }
}
