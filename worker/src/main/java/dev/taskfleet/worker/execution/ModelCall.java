package dev.taskfleet.worker.execution;

import dev.taskfleet.contract.AttemptRecord;
import java.time.Duration;
import java.util.Objects;

/**
 * One model call as {@link ModelCallRunner} saw it, before it is priced and named with its tier
 * ({@link AttemptHistory#record}).
 *
 * @param outcome      {@link AttemptRecord#SUCCEEDED} or the failure's error code
 * @param detail       why it failed, one line; {@code null} for a success
 * @param latency      how long the call took
 * @param inputTokens  prompt tokens charged (0 for a call that failed)
 * @param outputTokens completion tokens charged (a rejected answer is charged like any answer)
 */
public record ModelCall(String outcome, String detail, Duration latency, long inputTokens, long outputTokens) {

    public ModelCall {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(latency, "latency");
    }
}
