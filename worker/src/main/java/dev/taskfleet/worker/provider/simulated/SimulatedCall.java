package dev.taskfleet.worker.provider.simulated;

import java.time.Duration;

/**
 * What a simulated call will do, decided before it starts.
 *
 * @param latency      how long the call takes, failed or not
 * @param fails        whether it ends in a failure
 * @param inputTokens  estimated prompt tokens
 * @param outputTokens completion tokens (reported only when it succeeds)
 * @param malformed    whether an answer to a task expecting JSON comes back as prose
 * @param wrong        whether the task is harder than the model can do: its answer fails any check
 */
public record SimulatedCall(Duration latency, boolean fails, long inputTokens, long outputTokens, boolean malformed,
        boolean wrong) {
}
