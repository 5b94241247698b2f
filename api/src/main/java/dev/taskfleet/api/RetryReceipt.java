package dev.taskfleet.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The 202 answer of {@code POST /api/v1/batches/{id}/retry}: the failed tasks were published again.
 *
 * @param batchId     the batch
 * @param run         the run number the re-published tasks carry
 * @param resubmitted how many failed tasks were re-published
 */
public record RetryReceipt(
        @Schema(required = true) String batchId,
        @Schema(required = true) int run,
        @Schema(required = true) long resubmitted) {
}
