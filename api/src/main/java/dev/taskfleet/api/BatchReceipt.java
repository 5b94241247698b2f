package dev.taskfleet.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The 202 answer of {@code POST /api/v1/batches}: the batch's id, how many tasks Kafka holds
 * durably, and what was refused.
 *
 * @param batchId       the id every accepted task carries
 * @param accepted      tasks published and acknowledged by the broker
 * @param rejectedCount every refused task, also those beyond the listed ones
 * @param rejected      the first refused tasks, at most {@code taskfleet.producer.max-rejections-reported}
 * @param priorities    the accepted tasks per priority class, by wire name, highest class first,
 *                      classes without tasks left out (as in {@link BatchStatus#priorities()}); empty
 *                      when nothing was accepted, or from a producer older than this field
 */
public record BatchReceipt(
        @Schema(required = true) String batchId,
        @Schema(required = true) long accepted,
        @Schema(required = true) long rejectedCount,
        @Schema(required = true) List<RejectedTask> rejected,
        @Schema(required = true) Map<String, Long> priorities) {

    public BatchReceipt {
        rejected = rejected == null ? List.of() : List.copyOf(rejected);
        // A copy that keeps the producer's class order (highest first).
        priorities = priorities == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(priorities));
    }

    /** A receipt without per-class counts: nothing accepted, or what a producer older than them answered. */
    public BatchReceipt(String batchId, long accepted, long rejectedCount, List<RejectedTask> rejected) {
        this(batchId, accepted, rejectedCount, rejected, null);
    }
}
