package dev.taskfleet.worker.provider;

import java.util.Objects;

/**
 * One model call.
 *
 * @param model           the model to run, as the provider names it
 * @param prompt          the instruction; never logged
 * @param maxOutputTokens the most tokens the model may produce
 * @param taskId          the task this call serves; a request id for the provider's logs, and the
 *                        seed of the simulated provider's randomness
 * @param attempt         which attempt at the task this is, starting at 1
 */
public record ModelRequest(String model, String prompt, int maxOutputTokens, String taskId, int attempt) {

    public ModelRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(taskId, "taskId");
        if (maxOutputTokens < 1) {
            throw new IllegalArgumentException("maxOutputTokens must be at least 1, was " + maxOutputTokens);
        }
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
    }

    /** Hides the prompt, which may hold a user's code or data. */
    @Override
    public String toString() {
        return "ModelRequest[model=" + model + ", taskId=" + taskId + ", attempt=" + attempt
                + ", promptChars=" + prompt.length() + ", maxOutputTokens=" + maxOutputTokens + "]";
    }
}
