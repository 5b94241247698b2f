package dev.taskfleet.worker.provider;

import dev.taskfleet.contract.OutputExpectation;
import java.util.Map;
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
 * @param expect          what the task asks of the answer, or {@code null} when any answer will do;
 *                        the worker checks answers itself, the simulated model shapes its answer to it
 * @param labels          the task's labels; real providers never send them, the simulated model reads
 *                        its hidden difficulty from one
 */
public record ModelRequest(String model, String prompt, int maxOutputTokens, String taskId, int attempt,
        OutputExpectation expect, Map<String, String> labels) {

    public ModelRequest {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
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
