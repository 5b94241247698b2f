package dev.taskfleet.launcher.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders the routed estimate next to the all-cheapest and all-top-tier ones, and what routing
 * costs relative to each, for {@code taskfleet route --explain FILE --estimate}.
 */
public final class EstimateTable {

    private static final String HEADER = "%-14s %-10s %7s %14s %14s %12s%n";
    private static final String ROW = "%-14s %-10s %7d %14d %14d %12.4f%n";

    private EstimateTable() {
    }

    /**
     * @param routed    the batch as the policy routes it
     * @param baselines the same batch all on one tier each (cheapest first)
     */
    public static String render(CostEstimate routed, List<CostEstimate> baselines) {
        StringBuilder out = new StringBuilder();
        out.append("Estimate: one call per task on its tier (retries and escalations add to it); prompt tokens\n")
                .append("counted as the workers count them, answer tokens and prices as the workers charge them\n")
                .append("(taskfleet.tiers.<tier>.price.*, taskfleet.tiers.<tier>.simulated.output-tokens-median).\n\n");
        out.append(String.format(Locale.ROOT, HEADER, "POLICY", "TIER", "TASKS", "INPUT TOKENS", "OUTPUT TOKENS",
                "COST (USD)"));
        List<CostEstimate> all = new ArrayList<>();
        all.add(routed);
        all.addAll(baselines);
        for (CostEstimate estimate : all) {
            List<TierCost> rows = new ArrayList<>(estimate.tiers());
            if (rows.size() != 1) {
                rows.add(estimate.total());
            }
            for (TierCost row : rows) {
                out.append(String.format(Locale.ROOT, ROW, estimate.name(), row.tier(), row.tasks(), row.inputTokens(),
                        row.outputTokens(), row.costUsd()));
            }
        }
        out.append('\n');
        for (CostEstimate baseline : baselines) {
            out.append(String.format(Locale.ROOT, "%s costs %s the cost of %s%n", routed.name(),
                    ratio(routed.total().costUsd(), baseline.total().costUsd()), baseline.name()));
        }
        return out.toString();
    }

    private static String ratio(double cost, double baseline) {
        if (baseline == 0) {
            return "n/a (free):";
        }
        double share = cost / baseline;
        return share < 1 ? String.format(Locale.ROOT, "%.1f%% of", share * 100) : String.format(Locale.ROOT, "%.2fx", share);
    }
}
