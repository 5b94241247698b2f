package dev.taskfleet.worker.messaging;

import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.EventDecodingException;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.KafkaClientSettings;
import dev.taskfleet.kafka.StartPosition;
import dev.taskfleet.kafka.TopicFollower;
import dev.taskfleet.worker.cancellation.CancellationRegistry;
import dev.taskfleet.worker.config.WorkerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.jboss.logging.Logger;

/**
 * Follows {@code <prefix>.batches} and feeds its CANCELLED and BUDGET_EXCEEDED events to the
 * {@link CancellationRegistry}. Every worker needs every cancellation and budget stop, so this is kafka-support's {@link TopicFollower}: all
 * partitions, no consumer group, no commits, each partition started at the first event newer than
 * {@code taskfleet.worker.cancellation-lookback}, and partitions added later read from their
 * beginning.
 *
 * <p>Every other type, including types newer than this build, is skipped at DEBUG. Undecodable
 * events are logged and skipped: they are the producer's to fix and cannot be dead-lettered
 * meaningfully by every worker at once. Any other failure stops the reader and turns
 * liveness DOWN ({@value #CHECK}): a worker that misses cancellations would run cancelled work
 * until restarted. Closed on shutdown.
 */
@Liveness
@ApplicationScoped
public class BatchEventFollower implements HealthCheck {

    /** The liveness check's name. */
    static final String CHECK = "cancellation-reader";

    private static final Logger LOG = Logger.getLogger(BatchEventFollower.class);
    /** The event types that stop a batch run's unstarted tasks. */
    private static final Set<BatchEvent.Type> STOPS = EnumSet.of(BatchEvent.Type.CANCELLED, BatchEvent.Type.BUDGET_EXCEEDED);

    @Inject
    KafkaClientSettings kafka;
    @Inject
    WorkerConfig config;
    @Inject
    TopicNames topics;
    @Inject
    CancellationRegistry cancellations;

    private TopicFollower follower;

    /** After {@link TopicSetup} (which runs first, at PLATFORM_BEFORE) has created the topic. */
    void onStart(@Observes StartupEvent event) {
        Map<String, Object> settings = kafka.follower("taskfleet-worker-batches-" + config.worker().tier());
        follower = TopicFollower.builder("batch-events", List.of(topics.batches()))
                .consumer(() -> new KafkaConsumer<>(settings))
                .startAt(StartPosition.lookBack(config.worker().cancellationLookback()))
                .handler(this::apply)
                .build();
        follower.start();
        LOG.infof("following %s for cancellations, from %s back", topics.batches(),
                config.worker().cancellationLookback());
    }

    void onShutdown(@Observes ShutdownEvent event) {
        if (follower != null) {
            follower.close();
        }
    }

    @Override
    public HealthCheckResponse call() {
        Exception failure = follower == null ? null : follower.failure();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(CHECK).status(failure == null);
        return failure == null ? response.build() : response.withData("failure", failure.toString()).build();
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        Optional<BatchEvent> event;
        try {
            event = EventCodec.decodeBatchEvent(record.value());
        } catch (EventDecodingException e) {
            LOG.warnf("skipping batch event %s/%d@%d: %s (%s)", record.topic(), record.partition(), record.offset(),
                    e.reasonCode(), e.getMessage());
            return;
        }
        if (event.isEmpty() || !STOPS.contains(event.get().type())) {
            // Acceptances, retries, the router's tallies and types newer than this build: not a worker's business.
            LOG.debugf("skipping batch event %s/%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    event.map(e -> e.type().name()).orElse("a type this worker does not know"));
            return;
        }
        cancellations.onEvent(event.get());
        LOG.infof("batch %s run %d %s: its tasks not yet started end %s", event.get().batchId(), event.get().run(),
                event.get().type() == BatchEvent.Type.CANCELLED ? "cancelled" : "stopped at its team's budget",
                event.get().type());
    }
}
