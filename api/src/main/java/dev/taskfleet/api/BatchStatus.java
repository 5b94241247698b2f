package dev.taskfleet.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A batch's progress: the answer of {@code GET /api/v1/batches/{id}}, an entry of the batch list
 * and the data of every live progress event. The producer computes it only from the batch's events
 * and results, never from its own clock, so two replicas that read the same records answer the same.
 * Every field is always present; those that can be unknown are {@code null}.
 *
 * @param batchId             the batch
 * @param team                the team that owns it
 * @param state               running, completed, cancelled or stopped at the team's budget;
 *                            {@code null} for a state this client does not know
 * @param acceptedAt          when the producer accepted it; {@code null} until its acceptance is recorded
 * @param run                 the newest run (1, then +1 per retry)
 * @param total               distinct task ids in the batch
 * @param finished            tasks whose newest run has a final result
 * @param queued              {@code total - finished}
 * @param succeeded           finished tasks that succeeded
 * @param failed              finished tasks that failed
 * @param cancelled           finished tasks that never ran: cancelled, or stopped at the team's
 *                            budget ({@code budgetExceeded} of them)
 * @param budgetExceeded      finished tasks that never ran because the team's budget ran out
 * @param tiers               per tier, cheapest first: what the router placed there and what
 *                            finished there (a task counts on the tier of its final result), with
 *                            the tier's own throughput and ETA
 * @param inputTokens         prompt tokens over every counted result, retried runs included
 * @param outputTokens        completion tokens over every counted result
 * @param costUsd             cost over every counted result, in US dollars
 * @param firstResultAt       earliest {@code finishedAt} of a counted result, or {@code null}
 * @param lastResultAt        latest {@code finishedAt} of a counted result, or {@code null}
 * @param throughputPerSecond {@code finished / (lastResultAt - firstResultAt)}; 0 while unknown
 * @param etaSeconds          the slowest tier's {@code etaSeconds}; while some queued tasks are on
 *                            no tier yet (not routed, or a router that writes no tallies), at least
 *                            {@code queued / throughputPerSecond} rounded up; 0 when nothing is
 *                            queued; {@code null} while a throughput it needs is unknown
 * @param duplicatesDropped   result records dropped as repeats of a task run already counted
 * @param waitingAtProvider   its tasks in provider batches that have not ended (batch tiers);
 *                            {@link ProviderWait#NONE} when there are none, or from a producer
 *                            older than this field
 * @param priorities          the batch's accepted tasks per priority class, by wire name
 *                            ({@code interactive}, {@code standard}, {@code bulk}), highest class
 *                            first, classes without tasks left out; a batch accepted by a producer
 *                            older than the counts has all its tasks as {@code standard}; empty
 *                            until the acceptance is read, or from a producer older than this field
 * @param routerQueue         its tasks the router has not routed yet and the tasks of earlier
 *                            batches it takes first; {@link RouterQueue#NONE} once every task is
 *                            on a tier, or from a producer older than this field
 * @param aheadOnTiers        per tier on which this batch has tasks not finished yet (queued or
 *                            running), the unfinished tasks on that tier of the running batches
 *                            accepted before it: of every team with lanes off (one first-in,
 *                            first-out topic per tier), of the batch's own team with lanes on (its
 *                            lanes; other teams' lanes are served beside them by the workers'
 *                            shares, and its classes have lanes of their own, so then an upper
 *                            bound); tiers where nothing of the batch waits are left out; empty
 *                            from a producer older than this field
 */
public record BatchStatus(
        @Schema(required = true) String batchId,
        @Schema(required = true) String team,
        @Schema(required = true) BatchState state,
        @Schema(required = true) Instant acceptedAt,
        @Schema(required = true) int run,
        @Schema(required = true) long total,
        @Schema(required = true) long finished,
        @Schema(required = true) long queued,
        @Schema(required = true) long succeeded,
        @Schema(required = true) long failed,
        @Schema(required = true) long cancelled,
        @Schema(required = true) long budgetExceeded,
        @Schema(required = true) Map<String, TierCounts> tiers,
        @Schema(required = true) long inputTokens,
        @Schema(required = true) long outputTokens,
        @Schema(required = true) double costUsd,
        @Schema(required = true) Instant firstResultAt,
        @Schema(required = true) Instant lastResultAt,
        @Schema(required = true) double throughputPerSecond,
        @Schema(required = true) Long etaSeconds,
        @Schema(required = true) long duplicatesDropped,
        @Schema(required = true) ProviderWait waitingAtProvider,
        @Schema(required = true) Map<String, Long> priorities,
        @Schema(required = true) RouterQueue routerQueue,
        @Schema(required = true) Map<String, Long> aheadOnTiers) {

    public BatchStatus {
        waitingAtProvider = waitingAtProvider == null ? ProviderWait.NONE : waitingAtProvider;
        routerQueue = routerQueue == null ? RouterQueue.NONE : routerQueue;
        // A copy that keeps the producer's tier order (cheapest first).
        tiers = tiers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tiers));
        // A copy that keeps the producer's class order (highest first).
        priorities = priorities == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(priorities));
        // A copy that keeps the producer's tier order (cheapest first).
        aheadOnTiers = aheadOnTiers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(aheadOnTiers));
    }

    /**
     * This status with its places in the queues: {@code router} in the router's, and per tier in
     * that tier's ({@code tiers}, cheapest first).
     */
    public BatchStatus withQueues(RouterQueue router, Map<String, Long> tiers) {
        return new BatchStatus(batchId, team, state, acceptedAt, run, total, finished, queued, succeeded, failed,
                cancelled, budgetExceeded, this.tiers, inputTokens, outputTokens, costUsd, firstResultAt, lastResultAt,
                throughputPerSecond, etaSeconds, duplicatesDropped, waitingAtProvider, priorities, router, tiers);
    }

    /**
     * Whether nothing more will change on its own: completed, or cancelled or stopped at the budget
     * with every task's final result in. A stopped batch still has results coming (the calls already
     * on a model finish, the unstarted tasks are ended by the workers), and a client that stopped
     * following at the stop would report counts that are not final.
     */
    @JsonIgnore
    public boolean isSettled() {
        return state == BatchState.COMPLETED || isStopped() && queued == 0;
    }

    /** Whether the newest run was cancelled or stopped at its team's budget (it may still be finishing). */
    @JsonIgnore
    public boolean isStopped() {
        return state == BatchState.CANCELLED || state == BatchState.BUDGET_EXCEEDED;
    }
}
