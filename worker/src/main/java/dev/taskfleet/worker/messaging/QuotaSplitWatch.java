package dev.taskfleet.worker.messaging;

import dev.taskfleet.kafka.KafkaClientSettings;
import dev.taskfleet.worker.config.WorkerConfig;
import dev.taskfleet.worker.execution.TierProfile;
import dev.taskfleet.worker.ratelimit.TierRateLimiter;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Starts the {@link TierMembership} look-ups of a tier with a rate limit, with the worker's admin
 * settings (SASL/TLS included) and the group its task channel consumes in. A tier without a rate
 * limit has nothing to split and makes no look-ups.
 */
@ApplicationScoped
public class QuotaSplitWatch {

    private static final Logger LOG = Logger.getLogger(QuotaSplitWatch.class);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    KafkaClientSettings kafka;
    @Inject
    WorkerConfig config;
    @Inject
    TierProfile tier;
    @Inject
    TierRateLimiter limiter;
    @ConfigProperty(name = "mp.messaging.incoming.tasks.group.id")
    String groupId;

    private TierMembership membership;

    void onStart(@Observes StartupEvent event) {
        if (!limiter.limited()) {
            return;
        }
        Admin admin = Admin.create(kafka.admin("taskfleet-worker-quota-split-" + tier.tier()));
        membership = new TierMembership(admin, groupId, limiter, LOOKUP_TIMEOUT);
        membership.start(config.worker().quotaSplitInterval());
        LOG.infof("tier %s's rate-limit quotas are split among the members of group %s, "
                + "counted every %s", tier.tier(), groupId, config.worker().quotaSplitInterval());
    }

    void onShutdown(@Observes ShutdownEvent event) {
        if (membership != null) {
            membership.close();
        }
    }
}
