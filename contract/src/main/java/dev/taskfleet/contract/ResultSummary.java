package dev.taskfleet.contract;

import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link TaskResult} says about its batch's progress and its team's spend, without the
 * model's answer or the call history: all a reader that only counts results needs (the
 * producer's batch tracker reads every result of the fleet, and decoding each answer was a
 * quarter of its CPU). A type of its own rather than a {@code TaskResult} whose {@code output}
 * is left {@code null}: such a result would read as one that succeeded without an answer to
 * whoever it was handed on to. {@link ResultSummaryCodec} decodes it from a record of
 * {@code <prefix>.results}.
 *
 * @param taskId       the task the result belongs to
 * @param batchId      the task's batch, {@code null} for a result of no batch
 * @param tier         the tier that produced the final outcome
 * @param team         the submitting team ({@link Task#DEFAULT_TEAM} when absent)
 * @param status       succeeded, failed, cancelled or stopped at the budget
 * @param run          which run of the task this is the result of (at least 1)
 * @param inputTokens  prompt tokens over all attempts
 * @param outputTokens completion tokens over all attempts
 * @param costUsd      cost over all attempts in US dollars
 * @param finishedAt   when the result was published; may be {@code null}
 * @param priority     the task's priority class ({@link Priority#STANDARD} for a result written before
 *                     results carried it)
 */
public record ResultSummary(
        String taskId,
        String batchId,
        String tier,
        String team,
        ResultStatus status,
        int run,
        long inputTokens,
        long outputTokens,
        double costUsd,
        Instant finishedAt,
        Priority priority) {

    public ResultSummary {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(status, "status");
        priority = priority == null ? Priority.STANDARD : priority;
    }

    /** The summary of a whole result; {@link TaskResult}'s constructor already defaulted team and run. */
    public static ResultSummary of(TaskResult result) {
        return new ResultSummary(result.taskId(), result.batchId(), result.tier(), result.team(), result.status(),
                result.run(), result.inputTokens(), result.outputTokens(), result.costUsd(), result.finishedAt(),
                result.priority());
    }
}
