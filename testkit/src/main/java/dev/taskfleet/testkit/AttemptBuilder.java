package dev.taskfleet.testkit;

import dev.taskfleet.contract.AttemptRecord;

/**
 * Builds {@link AttemptRecord}s (one model call in a task's history) with sensible defaults: a
 * successful call on {@code fast} by {@code fast-model}. Each setter returns a new builder.
 */
public final class AttemptBuilder extends VariantBuilder<AttemptBuilder> {

    private String tier = "fast";
    private String model;
    private String outcome = AttemptRecord.SUCCEEDED;
    private String detail;
    private long latencyMs = 800;
    private long inputTokens = 100;
    private long outputTokens = 20;
    private double costUsd;

    private AttemptBuilder() {
    }

    public static AttemptBuilder anAttempt() {
        return new AttemptBuilder();
    }

    /** The tier the call ran on; the model defaults to {@code <tier>-model}. */
    public AttemptBuilder onTier(String tier) {
        return with(b -> b.tier = tier);
    }

    public AttemptBuilder model(String model) {
        return with(b -> b.model = model);
    }

    public AttemptBuilder succeeded() {
        return with(b -> {
            b.outcome = AttemptRecord.SUCCEEDED;
            b.detail = null;
        });
    }

    /** A failed call: {@code outcome} is its error code, e.g. {@code TIMEOUT}. */
    public AttemptBuilder failed(String outcome, String detail) {
        return with(b -> {
            b.outcome = outcome;
            b.detail = detail;
        });
    }

    /** {@link AttemptRecord#SUCCEEDED} or an error code, for tests that take the outcome as a parameter. */
    public AttemptBuilder outcome(String outcome) {
        return with(b -> b.outcome = outcome);
    }

    public AttemptBuilder latencyMs(long latencyMs) {
        return with(b -> b.latencyMs = latencyMs);
    }

    public AttemptBuilder tokens(long inputTokens, long outputTokens) {
        return with(b -> {
            b.inputTokens = inputTokens;
            b.outputTokens = outputTokens;
        });
    }

    public AttemptBuilder cost(double costUsd) {
        return with(b -> b.costUsd = costUsd);
    }

    public AttemptRecord build() {
        return new AttemptRecord(tier, model == null ? tier + "-model" : model, outcome, detail, latencyMs, inputTokens,
                outputTokens, costUsd);
    }
}
