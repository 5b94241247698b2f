package dev.taskfleet.api;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer of {@code GET /api/v1/batches/{id}/timeline}: how many tasks finished in each interval
 * of equal length, per tier, counting the same final results as {@link BatchStatus#tiers()}. Bucket
 * {@code i} covers {@code [start + i * bucketSeconds, start + (i + 1) * bucketSeconds)} of the
 * results' {@code finishedAt}; every tier's list has the same length.
 *
 * @param batchId       the batch
 * @param start         the start of the first bucket; {@code null} while the batch has no result
 * @param bucketSeconds the length of one bucket, in seconds (at least 1)
 * @param completed     finished tasks per bucket, by the tier of their final result, cheapest tier first
 */
public record CompletionTimeline(
        @Schema(required = true) String batchId,
        @Schema(required = true) Instant start,
        @Schema(required = true) long bucketSeconds,
        @Schema(required = true) Map<String, List<Long>> completed) {

    public CompletionTimeline {
        Map<String, List<Long>> copy = new LinkedHashMap<>();
        if (completed != null) {
            completed.forEach((tier, counts) -> copy.put(tier, List.copyOf(counts)));
        }
        completed = Collections.unmodifiableMap(copy);
    }
}
