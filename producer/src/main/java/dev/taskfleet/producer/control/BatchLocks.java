package dev.taskfleet.producer.control;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Serialises actions on one batch within this replica (two retries at once would both publish
 * the same run). Striped, so memory does not grow with the number of batches. Replicas do not
 * coordinate: two retries of one batch sent to two replicas at once can both publish; workers'
 * results then de-duplicate per task run.
 */
@ApplicationScoped
public class BatchLocks {

    private static final int STRIPES = 64;

    private final Object[] stripes = new Object[STRIPES];

    public BatchLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /** The monitor to hold while acting on {@code batchId}. */
    public Object forBatch(String batchId) {
        return stripes[Math.floorMod(batchId.hashCode(), STRIPES)];
    }
}
