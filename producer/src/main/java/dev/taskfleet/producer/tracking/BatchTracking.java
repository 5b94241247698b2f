package dev.taskfleet.producer.tracking;

import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.producer.broker.BrokerAdmin;
import dev.taskfleet.producer.broker.KafkaSettings;
import dev.taskfleet.producer.config.FleetConfig;
import dev.taskfleet.producer.metrics.ProducerMetrics;
import dev.taskfleet.producer.progress.BatchLedger;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * This replica's batch tracker: started once the topics exist (after {@code TopicSetup}, which
 * observes start-up at an earlier priority), closed at shutdown.
 */
@ApplicationScoped
public class BatchTracking {

    private final BatchLedger ledger;
    private final BatchTracker tracker;
    private final ProducerMetrics metrics;

    @Inject
    public BatchTracking(KafkaSettings settings, FleetConfig config, ProducerMetrics metrics, BrokerAdmin admin) {
        this.metrics = metrics;
        TopicNames names = new TopicNames(config.topicPrefix());
        this.ledger = new BatchLedger(config.tierOrder(), new SealedResultReader(
                settings.reader("taskfleet-producer-sealed"), names.results()), config.producer().lanes().enabled());
        FleetConfig.Checkpoints checkpoints = config.producer().checkpoints();
        BatchTracker.Checkpointing checkpointing = !checkpoints.enabled() ? null : new BatchTracker.Checkpointing(
                names.trackerCheckpoints(), checkpoints.interval(),
                checkpoints.write() ? () -> new KafkaProducer<>(settings.checkpointWriter()) : null, writerId(),
                topics -> topicIds(admin, topics));
        this.tracker = new BatchTracker(settings.tracker("taskfleet-producer-tracker"),
                names, ledger, new TrackerObserver() {
                    @Override
                    public void duplicateResult() {
                        metrics.duplicateResult();
                    }

                    @Override
                    public void skippedRecord(String topic) {
                        metrics.trackerSkipped(topic);
                    }

                    @Override
                    public void checkpointWritten(boolean whole) {
                        metrics.trackerCheckpoint(whole);
                    }
                }, checkpointing);
    }

    /**
     * This replica's name in its checkpoints' keys: the host name (the pod's, on Kubernetes) for
     * whoever reads the topic, and a random part, as two replicas must never share slots.
     */
    private static String writerId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "producer");
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The ids of {@code topics} that exist, by name; a broker away is a retriable error, for the tracker to ride out. */
    private static Map<String, String> topicIds(BrokerAdmin admin, Set<String> topics) {
        try {
            Map<String, String> ids = new HashMap<>();
            admin.admin().describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS)
                    .forEach((name, description) -> ids.put(name, description.topicId().toString()));
            return ids;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        } catch (TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("describing " + topics + " took over 30 s", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    void onStart(@Observes StartupEvent event) {
        ledger.watchTeams(team -> metrics.watchTeamQueue(team, priority -> ledger.queuedTasks(team, priority)));
        tracker.start();
        metrics.activeBatches(ledger::active);
        metrics.trackerTaskSlots(ledger::taskSlots);
    }

    public BatchLedger ledger() {
        return ledger;
    }

    public boolean caughtUp() {
        return tracker.caughtUp();
    }

    /** Why the tracker stopped, or {@code null} while it runs. */
    public Exception failure() {
        return tracker.failure();
    }

    /** Waits for the first catch-up; {@code false} if it took longer than {@code timeout}. */
    public boolean awaitCaughtUp(Duration timeout) {
        try {
            return tracker.awaitCaughtUp(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until the tracker has read a record this replica wrote, so the next answer reflects it. */
    public boolean awaitApplied(RecordMetadata written, Duration timeout) {
        try {
            return tracker.awaitApplied(new TopicPartition(written.topic(), written.partition()), written.offset(), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @PreDestroy
    void close() {
        tracker.close();
    }
}
