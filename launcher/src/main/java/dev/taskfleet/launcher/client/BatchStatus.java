package dev.taskfleet.launcher.client;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/v1/batches/{id}}: where a batch stands. Fields the producer adds later are
 * ignored when read, so an older CLI keeps working against a newer producer.
 *
 * @param batchId            the batch
 * @param team               the team that submitted it
 * @param state              {@code RUNNING}, {@code COMPLETED} or {@code CANCELLED}
 * @param acceptedAt         when the producer accepted it
 * @param run                the newest run (1, then +1 per retry)
 * @param total              distinct task ids
 * @param finished           tasks whose newest run has a final result
 * @param queued             {@code total - finished}
 * @param succeeded          finished tasks that succeeded
 * @param failed             finished tasks that failed
 * @param cancelled          finished tasks that were cancelled
 * @param tiers              the finished tasks per tier, cheapest tier first as the producer lists them
 * @param inputTokens        prompt tokens over every call
 * @param outputTokens       completion tokens over every call
 * @param costUsd            cost over every call in US dollars
 * @param firstResultAt      the first final result's time, or {@code null}
 * @param lastResultAt       the last final result's time, or {@code null}
 * @param throughputPerSecond finished tasks per second so far
 * @param etaSeconds         the producer's estimate of the time left, {@code null} when unknown
 * @param duplicatesDropped  redelivered results the producer ignored
 */
public record BatchStatus(String batchId, String team, String state, Instant acceptedAt, int run, long total,
                          long finished, long queued, long succeeded, long failed, long cancelled,
                          Map<String, TierCounts> tiers, long inputTokens, long outputTokens, double costUsd,
                          Instant firstResultAt, Instant lastResultAt, double throughputPerSecond, Double etaSeconds,
                          long duplicatesDropped) {

    public static final String COMPLETED = "COMPLETED";
    public static final String CANCELLED = "CANCELLED";

    public BatchStatus {
        tiers = tiers == null ? Map.of() : new LinkedHashMap<>(tiers);
    }

    /** Whether the batch will change no more: completed or cancelled. */
    @JsonIgnore
    public boolean isDone() {
        return COMPLETED.equals(state) || CANCELLED.equals(state);
    }
}
