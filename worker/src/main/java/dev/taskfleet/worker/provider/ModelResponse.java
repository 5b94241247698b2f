package dev.taskfleet.worker.provider;

import java.time.Duration;
import java.util.Objects;

/**
 * A successful model call.
 *
 * @param output       the model's answer
 * @param inputTokens  prompt tokens the provider charged for
 * @param outputTokens completion tokens the provider charged for
 * @param latency      how long the model took, as the provider measured it
 */
public record ModelResponse(String output, long inputTokens, long outputTokens, Duration latency) {

    public ModelResponse {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(latency, "latency");
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
    }

    /** Hides the output, which may echo a user's code or data. */
    @Override
    public String toString() {
        return "ModelResponse[inputTokens=" + inputTokens + ", outputTokens=" + outputTokens
                + ", latency=" + latency + ", outputChars=" + output.length() + "]";
    }
}
