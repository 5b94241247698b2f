package dev.taskfleet.worker.lifecycle;

import dev.taskfleet.worker.config.WorkerConfig;
import dev.taskfleet.worker.flow.InFlightLimiter;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Lets in-flight tasks finish on shutdown. Quarkus fires {@link ShutdownEvent} before it destroys
 * the application scope, and the Kafka connector closes its channels only then (SmallRye 4.33
 * observes {@code @BeforeDestroyed(ApplicationScoped.class)}), so while this observer waits the
 * results channel still publishes and the consumer still commits.
 *
 * <p>Admission stops first: records delivered from now on stay unacknowledged, so their offsets are
 * not committed and the consumer that takes over the partitions runs them. Tasks still running
 * when {@code taskfleet.worker.drain-timeout} ends are abandoned the same way.
 */
@ApplicationScoped
public class GracefulDrain {

    private static final Logger LOG = Logger.getLogger(GracefulDrain.class);

    @Inject
    InFlightLimiter limiter;
    @Inject
    WorkerConfig config;

    void onShutdown(@Observes ShutdownEvent event) {
        limiter.stopAdmitting();
        Duration timeout = config.worker().drainTimeout();
        int inFlight = limiter.inFlight();
        if (inFlight > 0) {
            LOG.infof("draining: waiting up to %s for %d in-flight tasks", timeout, inFlight);
        }
        try {
            if (limiter.awaitIdle(timeout)) {
                LOG.infof("drained: no tasks in flight");
            } else {
                LOG.warnf("drain timed out after %s with %d tasks in flight; they will run again elsewhere",
                        timeout, limiter.inFlight());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warnf("drain interrupted with %d tasks in flight; they will run again elsewhere", limiter.inFlight());
        }
    }
}
