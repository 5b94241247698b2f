package dev.taskfleet.launcher.client;

import dev.taskfleet.api.BatchStatus;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Follows a batch until it has settled ({@link BatchStatus#isSettled()}: completed, or cancelled or
 * stopped at its budget with every task's final result in): from the producer's progress stream
 * ({@code /events}), falling back to polling {@code GET /batches/{id}} when the stream cannot
 * be opened, breaks off or ends early. A rejected key is not a reason to fall back: it is thrown.
 */
public final class StatusFeed {

    private final BatchClient client;
    private final Duration pollInterval;

    /** @param pollInterval how often to ask for the status when the stream is not available */
    public StatusFeed(BatchClient client, Duration pollInterval) {
        this.client = Objects.requireNonNull(client, "client");
        this.pollInterval = pollInterval;
    }

    /**
     * Passes every status seen to {@code listener} (which may throw to stop following) and
     * returns the final one, read with {@code GET} after the stream said {@code done}.
     */
    public BatchStatus follow(String batchId, Consumer<BatchStatus> listener) {
        try {
            if (client.events(batchId, listener)) {
                BatchStatus last = client.status(batchId);
                listener.accept(last);
                if (last.isSettled()) {
                    return last;
                }
            }
        } catch (ServerUnreachableException e) {
            // Polling below finds out whether the producer itself is gone.
        } catch (ApiException e) {
            if (e.isAuthentication()) {
                throw e;
            }
        }
        return poll(batchId, listener);
    }

    private BatchStatus poll(String batchId, Consumer<BatchStatus> listener) {
        while (true) {
            BatchStatus status = client.status(batchId);
            listener.accept(status);
            if (status.isSettled()) {
                return status;
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while following batch " + batchId, e);
            }
        }
    }
}
