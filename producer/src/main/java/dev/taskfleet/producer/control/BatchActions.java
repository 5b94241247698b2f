package dev.taskfleet.producer.control;

import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.producer.publish.TaskPublisher;
import dev.taskfleet.producer.tracking.BatchTracking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * What every action on a batch shares: it decides under the batch's lock from the freshest status
 * this replica has, and ends with a batch event that this replica's tracker has read before the
 * reply goes out, so a status asked right after the reply already shows the change.
 */
@ApplicationScoped
public class BatchActions {

    private static final Duration READ_OWN_WRITE = Duration.ofSeconds(5);

    /** One action on a batch, given its status as of now. */
    interface Action<R> {
        ControlOutcome<R> apply(BatchStatus now) throws Exception;
    }

    private final TaskPublisher publisher;
    private final BatchTracking tracking;
    private final BatchLocks locks;
    private final Clock clock;
    private final UnreadChanges<RecordMetadata> unread;

    @Inject
    public BatchActions(TaskPublisher publisher, BatchTracking tracking, BatchLocks locks, Clock clock) {
        this.publisher = publisher;
        this.tracking = tracking;
        this.locks = locks;
        this.clock = clock;
        this.unread = new UnreadChanges<>(tracking::awaitApplied);
    }

    /**
     * Runs {@code action} on {@code batch} while no other action of this replica runs on it, once
     * the tracker has read this replica's last change to it; {@link ControlOutcome.Behind} if it
     * has not within a few seconds.
     */
    <R> ControlOutcome<R> locked(BatchStatus batch, Action<R> action) throws Exception {
        synchronized (locks.forBatch(batch.batchId())) {
            if (!unread.read(batch.batchId(), READ_OWN_WRITE)) {
                return new ControlOutcome.Behind<>("this replica has not yet read back its last change to batch "
                        + batch.batchId() + " from Kafka; try again in a few seconds");
            }
            return action.apply(tracking.ledger().status(batch.batchId()).orElse(batch));
        }
    }

    /** Publishes the event that closes an action on {@code batch} and waits (briefly) until the tracker has it. */
    void record(BatchStatus batch, BatchEvent.Type type, int taskCount, int run, String tier) {
        RecordMetadata written = publisher.publish(new BatchEvent(EventCodec.SCHEMA_VERSION, batch.batchId(),
                batch.team(), type, clock.instant(), taskCount, run, tier));
        unread.wrote(batch.batchId(), written, READ_OWN_WRITE);
    }
}
