package dev.taskfleet.config;

/**
 * What one call on a tier is expected to cost: the tier's list price and the length of its typical
 * answer. Token prices are linear, so a batch's cost is the sum over its calls.
 *
 * @param tier                 the tier
 * @param inputPerMillion      US dollars per million prompt tokens ({@code taskfleet.tiers.<tier>.price.input-per-million})
 * @param outputPerMillion     US dollars per million completion tokens ({@code ...price.output-per-million})
 * @param expectedOutputTokens the typical answer length in tokens ({@code ...simulated.output-tokens-median},
 *                             the median the simulated model draws around)
 */
public record TierRates(String tier, double inputPerMillion, double outputPerMillion, long expectedOutputTokens) {

    private static final double MILLION = 1_000_000d;

    public TierRates {
        if (!(inputPerMillion >= 0) || !(outputPerMillion >= 0) || Double.isInfinite(inputPerMillion)
                || Double.isInfinite(outputPerMillion)) {
            throw new IllegalArgumentException(tier + ": prices must be finite and zero or positive, were "
                    + inputPerMillion + " and " + outputPerMillion);
        }
        if (expectedOutputTokens < 1) {
            throw new IllegalArgumentException(tier + ": expected output tokens must be at least 1, was "
                    + expectedOutputTokens);
        }
    }

    /** US dollars for one call with these token counts. */
    public double costUsd(long inputTokens, long outputTokens) {
        return inputTokens * inputPerMillion / MILLION + outputTokens * outputPerMillion / MILLION;
    }
}
