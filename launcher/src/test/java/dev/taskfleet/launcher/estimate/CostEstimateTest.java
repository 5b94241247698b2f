package dev.taskfleet.launcher.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.taskfleet.config.TierRates;
import dev.taskfleet.contract.Task;
import dev.taskfleet.testkit.TaskBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostEstimateTest {

    private static final List<String> TIERS = List.of("fast", "quality");
    private static final Map<String, TierRates> RATES = Map.of(
            "fast", new TierRates("fast", 0.15, 0.60, 200),
            "quality", new TierRates("quality", 3, 15, 500));
    /** 400 characters = 100 prompt tokens; 40 characters = 10. */
    private final Task chore = TaskBuilder.task().id("chore").prompt("x".repeat(400)).build();
    private final Task review = TaskBuilder.task().id("review").prompt("y".repeat(40)).build();
    private final List<Task> batch = List.of(chore, review);

    @Test
    void countsOneCallPerTaskOnItsTierAtThatTiersRates() {
        CostEstimate routed = CostEstimate.of("routed", batch, TIERS, RATES::get,
                task -> task == chore ? "fast" : "quality");

        assertThat(routed.tiers()).extracting(TierCost::tier, TierCost::tasks, TierCost::inputTokens, TierCost::outputTokens)
                .containsExactly(tuple("fast", 1, 100L, 200L),
                        tuple("quality", 1, 10L, 500L));
        assertThat(routed.tiers().get(0).costUsd()).isCloseTo(0.000135, within(1e-12));
        assertThat(routed.tiers().get(1).costUsd()).isCloseTo(0.00753, within(1e-12));
        assertThat(routed.total()).extracting(TierCost::tier, TierCost::tasks, TierCost::inputTokens, TierCost::outputTokens)
                .containsExactly(CostEstimate.TOTAL, 2, 110L, 700L);
        assertThat(routed.total().costUsd()).isCloseTo(0.007665, within(1e-12));
    }

    @Test
    void theBaselinesPutEveryTaskOnOneTierAndListOnlyTiersThatRunSomething() {
        CostEstimate allFast = CostEstimate.allOn("fast", batch, TIERS, RATES::get);
        CostEstimate allQuality = CostEstimate.allOn("quality", batch, TIERS, RATES::get);

        assertThat(allFast.name()).isEqualTo("all fast");
        assertThat(allFast.tiers()).extracting(TierCost::tier).containsExactly("fast");
        assertThat(allFast.total().costUsd()).isCloseTo((110 * 0.15 + 400 * 0.60) / 1e6, within(1e-12));
        assertThat(allQuality.total().costUsd()).isCloseTo((110 * 3 + 1000 * 15) / 1e6, within(1e-12));
    }

    @Test
    void theTableShowsEachScenarioAndWhatRoutingCostsAgainstEachBaseline() {
        CostEstimate routed = CostEstimate.of("routed", batch, TIERS, RATES::get,
                task -> task == chore ? "fast" : "quality");

        String table = EstimateTable.render(routed, List.of(CostEstimate.allOn("fast", batch, TIERS, RATES::get),
                CostEstimate.allOn("quality", batch, TIERS, RATES::get)));

        assertThat(table).contains("routed         fast             1            100            200       0.0001")
                .contains("routed         total            2            110            700       0.0077")
                .contains("all quality    quality          2            110           1000       0.0153")
                .contains("routed costs 29.88x the cost of all fast")
                .contains("routed costs 50.0% of the cost of all quality");
    }
}
