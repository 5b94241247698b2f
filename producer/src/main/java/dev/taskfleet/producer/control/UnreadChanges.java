package dev.taskfleet.producer.control;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * Per batch, the last change this replica wrote that its tracker had not read back when the action
 * that wrote it ended. The next action on that batch first waits for it: deciding from a status
 * without this replica's own last change could retry a batch twice (its RETRIED not yet counted,
 * the batch still looks finished) or stop it at its budget twice.
 *
 * @param <W> where a change was written (a record's partition and offset)
 */
final class UnreadChanges<W> {

    /** Waits up to the timeout until the tracker has read what was written there; false if it has not. */
    interface Reader<W> extends BiPredicate<W, Duration> {
    }

    private final Reader<W> reader;
    private final Map<String, W> unread = new ConcurrentHashMap<>();

    UnreadChanges(Reader<W> reader) {
        this.reader = reader;
    }

    /** Notes a change to {@code batchId} written at {@code written}, once {@code timeout} for reading it back ran out. */
    void wrote(String batchId, W written, Duration timeout) {
        if (!reader.test(written, timeout)) {
            unread.put(batchId, written);
        }
    }

    /** Whether the tracker has read this replica's every change to {@code batchId}, waiting up to {@code timeout}. */
    boolean read(String batchId, Duration timeout) {
        W pending = unread.get(batchId);
        if (pending == null) {
            return true;
        }
        if (!reader.test(pending, timeout)) {
            return false;
        }
        unread.remove(batchId, pending);
        return true;
    }
}
