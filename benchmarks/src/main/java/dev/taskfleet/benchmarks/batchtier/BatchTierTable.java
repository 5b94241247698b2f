package dev.taskfleet.benchmarks.batchtier;

import dev.taskfleet.benchmarks.Spread;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The batch tier table (Markdown, pasted into {@code docs/BENCHMARKS.md} as printed): per scenario
 * the median of its runs with min and max, cost and makespan also as a share of all on-line.
 */
public final class BatchTierTable {

    private BatchTierTable() {
    }

    /** @param runs every run, grouped by scenario in the order they ran */
    public static String render(Map<BatchTierScenario, List<BatchTierRun>> runs) {
        StringBuilder out = new StringBuilder();
        out.append("| scenario | success | cost (USD) | cost vs all on-line | on fast's model (USD) | on the batch tier (USD) "
                + "| makespan (s) | makespan vs all on-line | on-line work done (s) | first on the batch tier | calls "
                + "| escalated |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<BatchTierRun> onLine = runs.get(BatchTierScenario.ON_LINE);
        double onLineCost = Spread.median(onLine, BatchTierRun::costUsd);
        double onLineMakespan = Spread.median(onLine, BatchTierRun::makespanMs);
        runs.forEach((scenario, list) -> out.append(format("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %.0f | %.0f | %.0f |%n",
                scenario.id(),
                Spread.of(list, r -> 100 * r.successShare(), "%.1f%%"),
                Spread.of(list, BatchTierRun::costUsd, "%.3f"),
                share(Spread.median(list, BatchTierRun::costUsd), onLineCost, "%.1f%%", 100),
                Spread.of(list, BatchTierRun::fastModelUsd, "%.4f"),
                Spread.of(list, BatchTierRun::batchTierUsd, "%.4f"),
                Spread.of(list, r -> r.makespanMs() / 1000.0, "%.1f"),
                share(Spread.median(list, BatchTierRun::makespanMs), onLineMakespan, "%.1fx", 1),
                Spread.of(list, r -> r.onLineDoneMs() / 1000.0, "%.1f"),
                Spread.median(list, BatchTierRun::firstOnBatch),
                Spread.median(list, BatchTierRun::calls),
                Spread.median(list, BatchTierRun::escalated))));
        return out.toString();
    }

    private static String share(double value, double base, String pattern, double scale) {
        return Double.isNaN(base) || base == 0 ? "n/a" : format(pattern, scale * value / base);
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
