package dev.taskfleet.worker.cancellation;

import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.ResultStatus;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The batch runs that must not start, as learnt from {@code <prefix>.batches}: per batch, the
 * newest run cancelled, and the newest run stopped because its team spent its budget. An event for
 * run {@code n} stops runs up to {@code n}; a later retry publishes its tasks as run {@code n+1},
 * which is not stopped.
 *
 * <p>Thread-safe: one reader thread records, every task checks. It keeps one entry per stopped
 * batch within the reader's look-back, a few bytes each.
 */
public final class CancellationRegistry {

    private final Map<String, Integer> cancelledRuns = new ConcurrentHashMap<>();
    private final Map<String, Integer> budgetStoppedRuns = new ConcurrentHashMap<>();

    /** Takes note of a batch event; only CANCELLED and BUDGET_EXCEEDED events matter here. */
    public void onEvent(BatchEvent event) {
        if (event.type() == BatchEvent.Type.CANCELLED) {
            cancelledRuns.merge(event.batchId(), event.run(), Math::max);
        } else if (event.type() == BatchEvent.Type.BUDGET_EXCEEDED) {
            budgetStoppedRuns.merge(event.batchId(), event.run(), Math::max);
        }
    }

    /** Whether run {@code run} of {@code batchId} must not start: cancelled or stopped at its team's budget. */
    public boolean isCancelled(String batchId, int run) {
        return stoppedAs(batchId, run).isPresent();
    }

    /**
     * The final status a task of run {@code run} of {@code batchId} ends with instead of starting:
     * CANCELLED when a user cancelled the run (that wins, it is what they asked for),
     * BUDGET_EXCEEDED when its team's budget stopped it, empty when it may run.
     */
    public Optional<ResultStatus> stoppedAs(String batchId, int run) {
        if (run <= cancelledRuns.getOrDefault(batchId, 0)) {
            return Optional.of(ResultStatus.CANCELLED);
        }
        if (run <= budgetStoppedRuns.getOrDefault(batchId, 0)) {
            return Optional.of(ResultStatus.BUDGET_EXCEEDED);
        }
        return Optional.empty();
    }

    /** Batches with a stopped run. */
    public int size() {
        return cancelledRuns.size() + budgetStoppedRuns.size();
    }
}
