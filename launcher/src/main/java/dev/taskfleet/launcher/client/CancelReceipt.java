package dev.taskfleet.launcher.client;

/**
 * {@code POST /api/v1/batches/{id}/cancel}: the cancellation was published.
 *
 * @param batchId the batch
 * @param state   the batch's state after the request, normally {@code CANCELLED}
 */
public record CancelReceipt(String batchId, String state) {
}
