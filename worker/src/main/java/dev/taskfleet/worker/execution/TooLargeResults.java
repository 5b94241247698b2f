package dev.taskfleet.worker.execution;

import dev.taskfleet.contract.ResultError;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.TaskResult;

/**
 * What a result too large for the results topic becomes, on chat and batch tiers alike: FAILED with
 * {@link ResultErrorCodes#OUTPUT_TOO_LARGE}, without the model's answer. The calls, tokens and cost
 * stay, for they were spent. Retrying or escalating would only produce another answer too large to
 * deliver, so the task ends here, and its partition moves on.
 */
public final class TooLargeResults {

    private TooLargeResults() {
    }

    /**
     * @param result a result with an answer
     * @param bytes  the size that was too large, for the error message
     */
    public static TaskResult withoutAnswer(TaskResult result, long bytes) {
        ResultError error = new ResultError(ResultErrorCodes.OUTPUT_TOO_LARGE, "the model's answer ("
                + result.output().length() + " characters) makes a result of " + bytes
                + " bytes, more than the results topic takes; the answer was dropped");
        return new TaskResult(result.schemaVersion(), result.taskId(), result.batchId(), result.taskType(),
                result.tier(), result.model(), ResultStatus.FAILED, null, error, result.attempts(), result.inputTokens(),
                result.outputTokens(), result.costUsd(), result.latencyMs(), result.workerId(), result.finishedAt(),
                result.routing(), result.team(), result.run(), result.submittedAt(), result.history(),
                result.priority());
    }
}
