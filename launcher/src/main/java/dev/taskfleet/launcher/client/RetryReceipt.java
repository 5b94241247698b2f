package dev.taskfleet.launcher.client;

/**
 * {@code POST /api/v1/batches/{id}/retry}: the failed tasks were published again.
 *
 * @param batchId     the batch
 * @param run         the new run number
 * @param resubmitted how many tasks were published again
 */
public record RetryReceipt(String batchId, int run, long resubmitted) {
}
