package dev.taskfleet.producer.control;

import dev.taskfleet.api.BatchState;
import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.api.CancelReceipt;
import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.producer.metrics.ProducerMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Cancels a batch: publishes a CANCELLED event for its newest run. Workers finish that run's
 * not-yet-started tasks as CANCELLED; tasks already on a model finish normally.
 */
@ApplicationScoped
public class CancelService {

    private static final Logger LOG = Logger.getLogger(CancelService.class);

    private final BatchActions actions;
    private final ProducerMetrics metrics;

    @Inject
    public CancelService(BatchActions actions, ProducerMetrics metrics) {
        this.actions = actions;
        this.metrics = metrics;
    }

    /** Cancels a batch the caller may see; cancelling a cancelled batch again changes nothing. */
    public ControlOutcome<CancelReceipt> cancel(BatchStatus batch) throws Exception {
        return actions.locked(batch, this::cancelNow);
    }

    private ControlOutcome<CancelReceipt> cancelNow(BatchStatus now) {
        if (now.state() == BatchState.COMPLETED || now.state() == BatchState.BUDGET_EXCEEDED && now.queued() == 0) {
            return new ControlOutcome.Refused<>("already-completed", "batch " + now.batchId()
                    + " has already completed; there is nothing left to cancel");
        }
        if (now.state() != BatchState.CANCELLED) {
            actions.record(now, BatchEvent.Type.CANCELLED, 0, now.run(), null);
            metrics.batchCancelled(now.team());
            LOG.infof("batch=%s team=%s cancelled run %d with %d tasks queued", now.batchId(), now.team(), now.run(),
                    now.queued());
        }
        return new ControlOutcome.Done<>(new CancelReceipt(now.batchId(), BatchState.CANCELLED));
    }
}
