package dev.taskfleet.producer.health;

import dev.taskfleet.producer.broker.BrokerAdmin;
import dev.taskfleet.producer.config.FleetConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the broker answers: without it no batch can be accepted. The answer is reused for
 * a few seconds so that probes from several sources do not each reach the broker.
 */
@Readiness
@ApplicationScoped
public class BrokerReadinessCheck implements HealthCheck {

    private static final String NAME = "kafka-broker";

    private final BrokerAdmin admin;
    private final Duration timeout;
    private final long cacheNanos;
    private HealthCheckResponse cached;
    private long cachedAt;

    @Inject
    public BrokerReadinessCheck(BrokerAdmin admin, FleetConfig config) {
        this.admin = admin;
        this.timeout = config.producer().brokerCheck().timeout();
        this.cacheNanos = config.producer().brokerCheck().cacheFor().toNanos();
    }

    @Override
    public synchronized HealthCheckResponse call() {
        long now = System.nanoTime();
        if (cached == null || now - cachedAt >= cacheNanos) {
            cached = probe();
            cachedAt = System.nanoTime();
        }
        return cached;
    }

    private HealthCheckResponse probe() {
        try {
            String clusterId = admin.admin()
                    .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return HealthCheckResponse.named(NAME).up().withData("clusterId", clusterId).build();
        } catch (ExecutionException e) {
            return down(e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            return down("no answer within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down("interrupted");
        }
    }

    private static HealthCheckResponse down(String reason) {
        return HealthCheckResponse.named(NAME).down().withData("reason", reason).build();
    }
}
