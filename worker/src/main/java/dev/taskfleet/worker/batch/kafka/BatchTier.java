package dev.taskfleet.worker.batch.kafka;

import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.KafkaClientSettings;
import dev.taskfleet.worker.batch.BatchRequests;
import dev.taskfleet.worker.batch.Gathering;
import dev.taskfleet.worker.batch.ProviderBatchApi;
import dev.taskfleet.worker.batch.ProviderBatchSteps;
import dev.taskfleet.worker.batch.RequestResolver;
import dev.taskfleet.worker.cancellation.CancellationRegistry;
import dev.taskfleet.worker.config.ProviderKind;
import dev.taskfleet.worker.config.WorkerConfig;
import dev.taskfleet.worker.execution.TaskOutcomes;
import dev.taskfleet.worker.execution.TierProfile;
import dev.taskfleet.worker.intake.RoutedTaskReader;
import dev.taskfleet.worker.metrics.WorkerMetrics;
import dev.taskfleet.worker.retry.RetryPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.jboss.logging.Logger;

/**
 * Runs a batch tier ({@code openai-batch}, {@code anthropic-batch}, {@code simulated-batch}): on
 * such a tier the SmallRye {@code tasks} channel is off ({@code BatchTierChannelSwitch}) and this
 * bean starts the {@link BatchTierLoop} after start-up, on its own thread, and stops it on shutdown,
 * handing over what it gathered. On any other tier it does nothing.
 *
 * <p>Liveness ({@value #CHECK}) is DOWN once the loop stopped on its own: a batch tier that no longer
 * gathers or follows its provider batches must be restarted. Kafka not answering in time does not
 * stop it: the loop starts over with new clients by itself.
 */
@Liveness
@ApplicationScoped
public class BatchTier implements HealthCheck {

    /** The liveness check's name. */
    static final String CHECK = "batch-tier";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Logger LOG = Logger.getLogger(BatchTier.class);

    @Inject
    ProviderKind kind;
    @Inject
    WorkerConfig config;
    @Inject
    TopicNames topics;
    @Inject
    TierProfile tier;
    @Inject
    RoutedTaskReader reader;
    @Inject
    CancellationRegistry cancellations;
    @Inject
    TaskOutcomes outcomes;
    @Inject
    RetryPolicy retries;
    @Inject
    WorkerMetrics metrics;
    @Inject
    MeterRegistry registry;
    @Inject
    Instance<ProviderBatchApi> api;
    @Inject
    KafkaClientSettings kafka;

    private BatchTierLoop loop;
    private BatchTierClients clients;

    /** After the topics exist ({@code TopicSetup} runs first, at PLATFORM_BEFORE). */
    void onStart(@Observes StartupEvent event) {
        if (!kind.batch()) {
            return;
        }
        WorkerConfig.Batch batch = config.tiers().get(tier.tier()).batch();
        WorkerConfig.Tier settings = config.tiers().get(tier.tier());
        clients = new BatchTierClients(kafka, registry);
        RequestResolver resolver = new RequestResolver(outcomes, retries, cancellations);
        Gathering.Stamp stamp = new Gathering.Stamp(tier.tier(), kind.configName(), tier.model(), outcomes.workerId());
        BatchTierParts parts = new BatchTierParts(topics, stamp, reader, cancellations, outcomes,
                Gathering.withRandomIds(batch.gatherSize(), batch.maxBytes().asLongValue(), batch.gatherTime()),
                api.get(), new ProviderBatchSteps(batch.pollInterval(), settings.timeout(), resolver), resolver,
                new BatchRequests(tier, retries.maxAttempts()), metrics, Clock.systemUTC(),
                clients.writeLimit(List.of(topics.results(), topics.escalations(), topics.deadLetters())));
        String group = "taskfleet-worker-" + tier.tier();
        String transactionalId = topics.prefix() + "-worker-" + tier.tier() + "-" + outcomes.workerId();
        loop = new BatchTierLoop(parts, clients.forWorker(outcomes.workerId() + "-batch", group,
                outcomes.workerId() + "-batch-tx", transactionalId));
        Thread thread = new Thread(loop, "batch-tier-" + tier.tier());
        thread.setDaemon(true);
        thread.start();
        LOG.infof("tier %s runs through %s: provider batches of up to %d requests or %s, gathered for up to %s, "
                + "polled every %s; group %s, transactional.id %s", tier.tier(), kind.configName(), batch.gatherSize(),
                batch.maxBytes().asLongValue() + " bytes", batch.gatherTime(), batch.pollInterval(), group,
                transactionalId);
    }

    void onShutdown(@Observes ShutdownEvent event) throws InterruptedException {
        if (loop != null) {
            loop.stop(STOP_TIMEOUT);
            clients.unbindMetrics();
        }
    }

    @Override
    public HealthCheckResponse call() {
        String failure = loop == null ? null : loop.failure();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(CHECK).status(failure == null);
        return failure == null ? response.build() : response.withData("failure", failure).build();
    }
}
