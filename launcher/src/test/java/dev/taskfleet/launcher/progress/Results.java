package dev.taskfleet.launcher.progress;

import static dev.taskfleet.testkit.ResultBuilder.aResult;

import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.TaskResult;
import java.time.Instant;

/** Results for the progress tests: only the fields the demo reads vary. */
final class Results {

    static final Instant T0 = Instant.parse("2025-11-27T10:00:00Z");

    private Results() {
    }

    static TaskResult succeeded(String batchId, String taskId, String tier, long latencyMs, double costUsd,
                                Instant finishedAt) {
        return result(batchId, taskId, tier, ResultStatus.SUCCEEDED, latencyMs, costUsd, finishedAt);
    }

    static TaskResult failed(String batchId, String taskId, String tier, long latencyMs, Instant finishedAt) {
        return result(batchId, taskId, tier, ResultStatus.FAILED, latencyMs, 0, finishedAt);
    }

    static TaskResult cancelled(String batchId, String taskId, String tier, Instant finishedAt) {
        return result(batchId, taskId, tier, ResultStatus.CANCELLED, 0, 0, finishedAt);
    }

    private static TaskResult result(String batchId, String taskId, String tier, ResultStatus status, long latencyMs,
                                     double costUsd, Instant finishedAt) {
        return aResult().taskId(taskId).batch(batchId).onTier(tier).status(status)
                .error("MODEL_ERROR", "simulated failure").tokens(100, 50).cost(costUsd).latencyMs(latencyMs)
                .finishedAt(finishedAt).build();
    }
}
