package dev.taskfleet.producer.progress;

import dev.taskfleet.api.BatchApi;
import dev.taskfleet.api.BatchStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides what a live progress stream sends at each tick: a {@code progress} event when the
 * status changed or the heartbeat interval has passed, and a final {@code done} event once the
 * batch has settled ({@link dev.taskfleet.api.BatchStatus#isSettled()}). One instance per stream;
 * not thread-safe.
 */
public final class ProgressFeed {

    /** One event of the stream. */
    public record Event(String name, BatchStatus status) {
    }

    private final long heartbeatNanos;
    private BatchStatus lastSent;
    private long lastSentAt;
    private boolean finished;

    public ProgressFeed(Duration heartbeat) {
        this.heartbeatNanos = heartbeat.toNanos();
    }

    /**
     * The events to send now.
     *
     * @param status   the batch's status now (empty if it vanished, which ends the stream)
     * @param nowNanos a monotonic clock reading
     */
    public List<Event> tick(Optional<BatchStatus> status, long nowNanos) {
        List<Event> events = new ArrayList<>(2);
        if (finished) {
            return events;
        }
        if (status.isEmpty()) {
            finished = true;
            return events;
        }
        BatchStatus current = status.get();
        if (lastSent == null || !current.equals(lastSent) || nowNanos - lastSentAt >= heartbeatNanos) {
            events.add(new Event(BatchApi.PROGRESS_EVENT, current));
            lastSent = current;
            lastSentAt = nowNanos;
        }
        if (current.isSettled()) {
            events.add(new Event(BatchApi.DONE_EVENT, current));
            finished = true;
        }
        return events;
    }

    /** Whether the stream has sent its last event. */
    public boolean finished() {
        return finished;
    }
}
