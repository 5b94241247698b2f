package dev.taskfleet.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The 202 answer of {@code POST /api/v1/batches/{id}/cancel}: the cancellation was published (or
 * the batch already was cancelled).
 *
 * @param batchId the batch
 * @param state   the batch's state after the request: {@link BatchState#CANCELLED}
 */
public record CancelReceipt(
        @Schema(required = true) String batchId,
        @Schema(required = true) BatchState state) {
}
