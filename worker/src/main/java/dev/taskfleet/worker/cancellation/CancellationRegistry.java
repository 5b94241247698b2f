package dev.taskfleet.worker.cancellation;

import dev.taskfleet.contract.BatchEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cancelled runs of every batch, as learnt from {@code <prefix>.batches}: batch id to the
 * newest run cancelled. A CANCELLED event for run {@code n} cancels runs up to {@code n}; a later
 * retry publishes its tasks as run {@code n+1}, which is not cancelled.
 *
 * <p>Thread-safe: one reader thread records, every task checks. It keeps one entry per cancelled
 * batch within the reader's look-back, a few bytes each.
 */
public final class CancellationRegistry {

    private final Map<String, Integer> cancelledRuns = new ConcurrentHashMap<>();

    /** Takes note of a batch event; only CANCELLED events matter here. */
    public void onEvent(BatchEvent event) {
        if (event.type() == BatchEvent.Type.CANCELLED) {
            cancelledRuns.merge(event.batchId(), event.run(), Math::max);
        }
    }

    /** Whether run {@code run} of {@code batchId} was cancelled. */
    public boolean isCancelled(String batchId, int run) {
        Integer cancelled = cancelledRuns.get(batchId);
        return cancelled != null && run <= cancelled;
    }

    /** Batches with a cancelled run. */
    public int size() {
        return cancelledRuns.size();
    }
}
