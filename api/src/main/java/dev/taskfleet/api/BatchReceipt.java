package dev.taskfleet.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The 202 answer of {@code POST /api/v1/batches}: the batch's id, how many tasks Kafka holds
 * durably, and what was refused.
 *
 * @param batchId       the id every accepted task carries
 * @param accepted      tasks published and acknowledged by the broker
 * @param rejectedCount every refused task, also those beyond the listed ones
 * @param rejected      the first refused tasks, at most {@code taskfleet.producer.max-rejections-reported}
 */
public record BatchReceipt(
        @Schema(required = true) String batchId,
        @Schema(required = true) long accepted,
        @Schema(required = true) long rejectedCount,
        @Schema(required = true) List<RejectedTask> rejected) {

    public BatchReceipt {
        rejected = rejected == null ? List.of() : List.copyOf(rejected);
    }
}
