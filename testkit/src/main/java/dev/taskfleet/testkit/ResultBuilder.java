package dev.taskfleet.testkit;

import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.ResultError;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.RoutingDecision;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskResult;
import java.time.Instant;
import java.util.List;

/**
 * Builds {@link TaskResult}s with sensible defaults, so a test names only what it is about:
 * {@code aResult().failed().onTier("quality").build()}. Each setter returns a new builder, so a
 * base result can be kept and varied.
 *
 * <p>The output is kept only on a SUCCEEDED result and the error only on a FAILED one, which is
 * what the contract says; {@link #status(ResultStatus)} therefore gives a valid result for every
 * status, which suits parameterised tests.
 */
public final class ResultBuilder extends VariantBuilder<ResultBuilder> {

    private int schemaVersion = EventCodec.SCHEMA_VERSION;
    private String taskId = "task-1";
    private String batchId = "batch-test";
    private String taskType = "refactor";
    private String tier = "fast";
    private String model;
    private ResultStatus status = ResultStatus.SUCCEEDED;
    private String output = "done";
    private ResultError error = new ResultError("MODEL_ERROR", "the model failed");
    private int attempts = 1;
    private long inputTokens = 100;
    private long outputTokens = 20;
    private double costUsd;
    private long latencyMs = 40;
    private String workerId = "worker-1";
    private Instant finishedAt = Instant.parse("2026-01-01T00:00:01Z");
    private RoutingDecision routing;
    private String team = Task.DEFAULT_TEAM;
    private int run = 1;
    private Instant submittedAt;
    private List<AttemptRecord> history = List.of();
    private Priority priority = Priority.STANDARD;

    private ResultBuilder() {
    }

    public static ResultBuilder aResult() {
        return new ResultBuilder();
    }

    public ResultBuilder schemaVersion(int schemaVersion) {
        return with(b -> b.schemaVersion = schemaVersion);
    }

    public ResultBuilder taskId(String taskId) {
        return with(b -> b.taskId = taskId);
    }

    public ResultBuilder batch(String batchId) {
        return with(b -> b.batchId = batchId);
    }

    public ResultBuilder type(String taskType) {
        return with(b -> b.taskType = taskType);
    }

    /** The tier that produced the outcome; the model defaults to {@code <tier>-model}. */
    public ResultBuilder onTier(String tier) {
        return with(b -> b.tier = tier);
    }

    public ResultBuilder model(String model) {
        return with(b -> b.model = model);
    }

    /** SUCCEEDED with {@link #output(String) the output} ({@code done} unless set). */
    public ResultBuilder succeeded() {
        return status(ResultStatus.SUCCEEDED);
    }

    public ResultBuilder succeeded(String output) {
        return with(b -> {
            b.status = ResultStatus.SUCCEEDED;
            b.output = output;
        });
    }

    /** FAILED with {@link #error(String, String) the error} ({@code MODEL_ERROR} unless set). */
    public ResultBuilder failed() {
        return status(ResultStatus.FAILED);
    }

    public ResultBuilder failed(String code, String message) {
        return with(b -> {
            b.status = ResultStatus.FAILED;
            b.error = new ResultError(code, message);
        });
    }

    public ResultBuilder cancelled() {
        return status(ResultStatus.CANCELLED);
    }

    public ResultBuilder status(ResultStatus status) {
        return with(b -> b.status = status);
    }

    /** The output a SUCCEEDED result carries. */
    public ResultBuilder output(String output) {
        return with(b -> b.output = output);
    }

    /** The error a FAILED result carries. */
    public ResultBuilder error(String code, String message) {
        return with(b -> b.error = new ResultError(code, message));
    }

    public ResultBuilder attempts(int attempts) {
        return with(b -> b.attempts = attempts);
    }

    public ResultBuilder tokens(long inputTokens, long outputTokens) {
        return with(b -> {
            b.inputTokens = inputTokens;
            b.outputTokens = outputTokens;
        });
    }

    public ResultBuilder cost(double costUsd) {
        return with(b -> b.costUsd = costUsd);
    }

    public ResultBuilder latencyMs(long latencyMs) {
        return with(b -> b.latencyMs = latencyMs);
    }

    public ResultBuilder worker(String workerId) {
        return with(b -> b.workerId = workerId);
    }

    public ResultBuilder finishedAt(Instant finishedAt) {
        return with(b -> b.finishedAt = finishedAt);
    }

    public ResultBuilder routing(RoutingDecision routing) {
        return with(b -> b.routing = routing);
    }

    public ResultBuilder team(String team) {
        return with(b -> b.team = team);
    }

    public ResultBuilder run(int run) {
        return with(b -> b.run = run);
    }

    public ResultBuilder submittedAt(Instant submittedAt) {
        return with(b -> b.submittedAt = submittedAt);
    }

    public ResultBuilder history(AttemptRecord... calls) {
        return history(List.of(calls));
    }

    public ResultBuilder history(List<AttemptRecord> calls) {
        return with(b -> b.history = List.copyOf(calls));
    }

    public ResultBuilder priority(Priority priority) {
        return with(b -> b.priority = priority);
    }

    public TaskResult build() {
        return new TaskResult(schemaVersion, taskId, batchId, taskType, tier, model == null ? tier + "-model" : model,
                status, status == ResultStatus.SUCCEEDED ? output : null, status == ResultStatus.FAILED ? error : null,
                attempts, inputTokens, outputTokens, costUsd, latencyMs, workerId, finishedAt, routing, team, run,
                submittedAt, history, priority);
    }
}
