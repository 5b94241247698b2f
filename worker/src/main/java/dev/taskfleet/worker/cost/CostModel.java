package dev.taskfleet.worker.cost;

/**
 * Turns token counts into US dollars. Token prices are linear, so the cost of a task is the sum
 * of the costs of its calls and can be added up across attempts and tiers.
 */
public final class CostModel {

    private static final double MILLION = 1_000_000d;

    private CostModel() {
    }

    /** Cost in US dollars of one call with these token counts at this price. */
    public static double costUsd(Price price, long inputTokens, long outputTokens) {
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
        return inputTokens * price.inputPerMillion() / MILLION + outputTokens * price.outputPerMillion() / MILLION;
    }
}
