package dev.taskfleet.benchmarks.calculus;

import dev.taskfleet.benchmarks.Spread;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The calculus table (Markdown, pasted into {@code docs/BENCHMARKS.md} as printed): per scenario
 * the median of its runs with min and max, then the two targets, met or not.
 */
public final class CalculusTable {

    /** Routed with escalation must reach this share of all-quality's success... */
    static final double SUCCESS_TARGET = 0.98;
    /** ...at no more than this share of its cost. */
    static final double COST_TARGET = 0.40;
    /** The fleet's makespan must be this many times shorter than one call at a time. */
    static final double SPEED_UP_TARGET = 100;

    private CalculusTable() {
    }

    /** @param runs every run, grouped by scenario in the order they ran */
    public static String render(Map<RoutingScenario, List<ScenarioRun>> runs) {
        StringBuilder out = new StringBuilder();
        out.append("| policy | success | cost (USD) | cost vs all-quality | fleet makespan (s) | one call at a time (s) "
                + "| speed-up | p50 latency (s) | p95 latency (s) | calls | escalated | first on quality | estimate (USD) |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        double qualityCost = Spread.median(runs.get(RoutingScenario.ALL_QUALITY), ScenarioRun::costUsd);
        runs.forEach((scenario, list) -> out.append(String.format(Locale.ROOT,
                "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.3f |%n", scenario.id(),
                Spread.of(list, r -> 100 * r.successShare(), "%.1f%%"),
                Spread.of(list, ScenarioRun::costUsd, "%.3f"),
                Double.isNaN(qualityCost) ? "n/a" : format("%.1f%%", 100 * Spread.median(list, ScenarioRun::costUsd) / qualityCost),
                Spread.of(list, r -> r.makespanMs() / 1000.0, "%.1f"),
                Spread.of(list, r -> r.serialMs() / 1000.0, "%.0f"),
                Spread.of(list, ScenarioRun::speedUp, "%.0fx"),
                Spread.of(list, r -> r.p50Ms() / 1000.0, "%.1f"),
                Spread.of(list, r -> r.p95Ms() / 1000.0, "%.1f"),
                format("%.0f", Spread.median(list, r -> r.calls())),
                format("%.0f", Spread.median(list, r -> r.escalated())),
                format("%.0f", Spread.median(list, r -> r.placedOnTop())),
                Spread.median(list, ScenarioRun::estimateUsd))));
        out.append('\n').append(verdict(runs));
        return out.toString();
    }

    /** The targets, each with its measured ratio (medians), or why it cannot be judged. */
    static String verdict(Map<RoutingScenario, List<ScenarioRun>> runs) {
        List<ScenarioRun> routed = runs.get(RoutingScenario.ROUTED_ESCALATION);
        List<ScenarioRun> quality = runs.get(RoutingScenario.ALL_QUALITY);
        StringBuilder out = new StringBuilder();
        if (routed == null || quality == null) {
            out.append("Targets need both routed+escalation and all-quality in the run.\n");
        } else {
            double success = Spread.median(routed, ScenarioRun::successShare)
                    / Spread.median(quality, ScenarioRun::successShare);
            double cost = Spread.median(routed, ScenarioRun::costUsd) / Spread.median(quality, ScenarioRun::costUsd);
            out.append(format("- routed+escalation reaches %.1f%% of all-quality's success (target >= %.0f%%): %s%n",
                    100 * success, 100 * SUCCESS_TARGET, success >= SUCCESS_TARGET ? "met" : "NOT met"));
            out.append(format("- at %.1f%% of its cost (target <= %.0f%%): %s%n", 100 * cost, 100 * COST_TARGET,
                    cost <= COST_TARGET ? "met" : "NOT met"));
        }
        Map<String, Double> speedUps = new LinkedHashMap<>();
        runs.forEach((scenario, list) -> speedUps.put(scenario.id(), Spread.median(list, ScenarioRun::speedUp)));
        double slowest = speedUps.values().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        out.append(format("- the fleet's makespan is %.0fx to %.0fx shorter than one call at a time (target >= %.0fx): %s%n",
                slowest, speedUps.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
                SPEED_UP_TARGET, slowest >= SPEED_UP_TARGET ? "met by every policy" : "NOT met by every policy"));
        return out.toString();
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
