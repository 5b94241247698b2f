package dev.taskfleet.launcher.estimate;

import dev.taskfleet.config.TierRates;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TokenEstimator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A batch's expected tokens and cost when each task makes one call on the tier it is given:
 * prompt tokens counted as the workers count them ({@link TokenEstimator}), answer tokens and
 * prices from each tier's {@link TierRates}. Retries and escalations come on top; the calculus
 * benchmark measures how much (docs/BENCHMARKS.md).
 *
 * @param name  what the scenario is, e.g. {@code routed} or {@code all fast}
 * @param tiers one entry per tier that runs at least one task, in the tier order
 * @param total the sum over the tiers
 */
public record CostEstimate(String name, List<TierCost> tiers, TierCost total) {

    /** The tier name of a scenario's total. */
    public static final String TOTAL = "total";

    /**
     * @param tierOrder the fleet's tiers, cheapest first (the order of {@link #tiers})
     * @param rates     the rates of every tier of the order
     * @param tierOf    the tier each task runs on
     */
    public static CostEstimate of(String name, List<Task> tasks, List<String> tierOrder, Function<String, TierRates> rates,
            Function<Task, String> tierOf) {
        Map<String, TierCost> byTier = new LinkedHashMap<>();
        tierOrder.forEach(tier -> byTier.put(tier, new TierCost(tier, 0, 0, 0, 0)));
        for (Task task : tasks) {
            String tier = tierOf.apply(task);
            TierRates rate = rates.apply(tier);
            long input = TokenEstimator.estimate(task.prompt());
            long output = rate.expectedOutputTokens();
            byTier.merge(tier, new TierCost(tier, 1, input, output, rate.costUsd(input, output)), TierCost::plus);
        }
        List<TierCost> used = new ArrayList<>();
        TierCost total = new TierCost(TOTAL, 0, 0, 0, 0);
        for (TierCost cost : byTier.values()) {
            if (cost.tasks() > 0) {
                used.add(cost);
                total = total.plus(cost);
            }
        }
        return new CostEstimate(name, List.copyOf(used), total);
    }

    /** Every task on {@code tier}. */
    public static CostEstimate allOn(String tier, List<Task> tasks, List<String> tierOrder,
            Function<String, TierRates> rates) {
        return of("all " + tier, tasks, tierOrder, rates, task -> tier);
    }
}
