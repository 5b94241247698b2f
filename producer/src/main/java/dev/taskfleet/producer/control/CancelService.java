package dev.taskfleet.producer.control;

import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.producer.metrics.ProducerMetrics;
import dev.taskfleet.producer.progress.BatchState;
import dev.taskfleet.producer.progress.BatchStatus;
import dev.taskfleet.producer.publish.TaskPublisher;
import dev.taskfleet.producer.tracking.BatchTracking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Cancels a batch: publishes a CANCELLED event for its newest run. Workers finish that run's
 * not-yet-started tasks as CANCELLED; tasks already on a model finish normally.
 */
@ApplicationScoped
public class CancelService {

    private static final Logger LOG = Logger.getLogger(CancelService.class);
    private static final Duration READ_OWN_WRITE = Duration.ofSeconds(5);

    private final TaskPublisher publisher;
    private final BatchTracking tracking;
    private final BatchLocks locks;
    private final ProducerMetrics metrics;
    private final Clock clock;

    @Inject
    public CancelService(TaskPublisher publisher, BatchTracking tracking, BatchLocks locks, ProducerMetrics metrics,
                         Clock clock) {
        this.publisher = publisher;
        this.tracking = tracking;
        this.locks = locks;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Cancels a batch the caller may see; cancelling a cancelled batch again changes nothing. */
    public ControlOutcome cancel(BatchStatus batch) {
        synchronized (locks.forBatch(batch.batchId())) {
            BatchStatus now = tracking.ledger().status(batch.batchId()).orElse(batch);
            if (now.state() == BatchState.CANCELLED) {
                return new ControlOutcome.Cancelled(now.batchId());
            }
            if (now.state() == BatchState.COMPLETED) {
                return new ControlOutcome.Refused("already-completed", "batch " + now.batchId()
                        + " has already completed; there is nothing left to cancel");
            }
            RecordMetadata written = publisher.publish(new BatchEvent(EventCodec.SCHEMA_VERSION, now.batchId(), now.team(),
                    BatchEvent.Type.CANCELLED, clock.instant(), 0, now.run(), null));
            tracking.awaitApplied(written, READ_OWN_WRITE);
            metrics.batchCancelled(now.team());
            LOG.infof("batch=%s team=%s cancelled run %d with %d tasks queued", now.batchId(), now.team(), now.run(),
                    now.queued());
            return new ControlOutcome.Cancelled(now.batchId());
        }
    }
}
