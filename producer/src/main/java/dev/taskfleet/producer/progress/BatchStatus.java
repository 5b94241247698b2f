package dev.taskfleet.producer.progress;

import java.time.Instant;
import java.util.Map;

/**
 * A batch's progress as {@code GET /api/v1/batches/{id}} reports it. Computed only from the
 * batch's events and results, never from the reader's clock, so two readers of the same records
 * give equal statuses.
 *
 * @param batchId             the batch
 * @param team                the team that owns it
 * @param state               running, completed or cancelled
 * @param acceptedAt          when the producer accepted it; {@code null} until its ACCEPTED event is read
 * @param run                 the newest run (1, then +1 per retry)
 * @param total               distinct task ids in the batch
 * @param finished            tasks whose newest run has a final result
 * @param queued              {@code total - finished}
 * @param succeeded           finished tasks that succeeded
 * @param failed              finished tasks that failed
 * @param cancelled           finished tasks that were cancelled
 * @param tiers               the finished tasks by the tier of their final result
 * @param inputTokens         prompt tokens over every counted result, retried runs included
 * @param outputTokens        completion tokens over every counted result
 * @param costUsd             cost over every counted result, in US dollars
 * @param firstResultAt       earliest {@code finishedAt} of a counted result, or {@code null}
 * @param lastResultAt        latest {@code finishedAt} of a counted result, or {@code null}
 * @param throughputPerSecond {@code finished / (lastResultAt - firstResultAt)}; 0 while unknown
 * @param etaSeconds          {@code queued / throughputPerSecond} rounded up; 0 when nothing is
 *                            queued; {@code null} while the throughput is unknown
 * @param duplicatesDropped   result records dropped as repeats of a task run already counted
 */
public record BatchStatus(
        String batchId,
        String team,
        BatchState state,
        Instant acceptedAt,
        int run,
        long total,
        long finished,
        long queued,
        long succeeded,
        long failed,
        long cancelled,
        Map<String, TierCounts> tiers,
        long inputTokens,
        long outputTokens,
        double costUsd,
        Instant firstResultAt,
        Instant lastResultAt,
        double throughputPerSecond,
        Long etaSeconds,
        long duplicatesDropped) {

    /** Whether nothing more will change on its own: completed, or cancelled. */
    public boolean isSettled() {
        return state != BatchState.RUNNING;
    }
}
