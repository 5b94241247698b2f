package dev.taskfleet.router.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * How much one forwarding transaction takes before it is committed: at most {@code maxRecords}
 * input records, read over as many polls as arrive within {@code maxTime} of its first record.
 * Each commit waits for the broker to write markers on every partition written plus the offsets
 * partition, so fewer, larger transactions cost less per record; the bound on time bounds how long
 * a read_committed reader waits for a record the router has already forwarded.
 */
record TransactionBounds(int maxRecords, Duration maxTime) {

    TransactionBounds {
        Objects.requireNonNull(maxTime, "maxTime");
        if (maxRecords < 1) {
            throw new IllegalArgumentException("taskfleet.router.transaction.max-records must be at least 1: " + maxRecords);
        }
        if (maxTime.isNegative()) {
            throw new IllegalArgumentException("taskfleet.router.transaction.max-time must not be negative: " + maxTime);
        }
    }

    /**
     * Checks the bounds against the producer's {@code transaction.timeout.ms}: a transaction held
     * open for most of it would be aborted by the broker under a slow commit, so {@code maxTime}
     * must stay under half of it.
     *
     * @throws IllegalArgumentException naming both settings otherwise
     */
    TransactionBounds within(Duration transactionTimeout) {
        if (maxTime.compareTo(transactionTimeout.dividedBy(2)) >= 0) {
            throw new IllegalArgumentException("taskfleet.router.transaction.max-time (" + maxTime
                    + ") must be under half the producer's transaction.timeout.ms (" + transactionTimeout.toMillis()
                    + " ms): the broker aborts a transaction open longer than that");
        }
        return this;
    }

    /** One transaction per poll, as before transactions spanned polls: tests of single polls. */
    static final TransactionBounds ONE_POLL = new TransactionBounds(1, Duration.ZERO);
}
