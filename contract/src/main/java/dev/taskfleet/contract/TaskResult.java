package dev.taskfleet.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * The final result of one task, published on {@code <prefix>.results} keyed by task id.
 *
 * @param schemaVersion contract version this event was written with
 * @param taskId        the task this result belongs to
 * @param batchId       the task's batch
 * @param taskType      the task's type, so outcomes can be aggregated per type
 * @param tier          the tier that produced the final outcome
 * @param model         the model that produced the final outcome
 * @param status        succeeded or failed
 * @param output        the model's answer when succeeded, otherwise {@code null}
 * @param error         why it failed, otherwise {@code null}
 * @param attempts      how many model calls the task took in total
 * @param inputTokens   prompt tokens over all attempts
 * @param outputTokens  completion tokens over all attempts
 * @param costUsd       cost over all attempts in US dollars
 * @param latencyMs     model time of the final attempt in milliseconds
 * @param workerId      the worker instance that published this result
 * @param finishedAt    when the result was published
 * @param routing       the routing decision that placed the task on {@code tier}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskResult(
        int schemaVersion,
        String taskId,
        String batchId,
        String taskType,
        String tier,
        String model,
        ResultStatus status,
        String output,
        ResultError error,
        int attempts,
        long inputTokens,
        long outputTokens,
        double costUsd,
        long latencyMs,
        String workerId,
        Instant finishedAt,
        RoutingDecision routing) {

    public TaskResult {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(status, "status");
        if (status == ResultStatus.FAILED && error == null) {
            throw new IllegalArgumentException("a FAILED result needs an error");
        }
    }

    public boolean succeeded() {
        return status == ResultStatus.SUCCEEDED;
    }
}
