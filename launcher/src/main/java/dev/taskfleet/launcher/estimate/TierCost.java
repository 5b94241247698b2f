package dev.taskfleet.launcher.estimate;

/**
 * Expected tokens and cost of the tasks one tier runs (or of a whole scenario, as its total).
 *
 * @param tier         the tier, or {@value CostEstimate#TOTAL} for a scenario's total
 * @param tasks        how many tasks
 * @param inputTokens  their prompts' estimated tokens
 * @param outputTokens their answers' expected tokens
 * @param costUsd      US dollars for one call per task
 */
public record TierCost(String tier, int tasks, long inputTokens, long outputTokens, double costUsd) {

    TierCost plus(TierCost other) {
        return new TierCost(tier, tasks + other.tasks, inputTokens + other.inputTokens,
                outputTokens + other.outputTokens, costUsd + other.costUsd);
    }
}
