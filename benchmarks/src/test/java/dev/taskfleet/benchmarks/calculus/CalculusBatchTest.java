package dev.taskfleet.benchmarks.calculus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.contract.Task;
import dev.taskfleet.policy.OutcomeStats;
import dev.taskfleet.policy.RoutingPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalculusBatchTest {

    private final List<CalculusBatch.Generated> batch = CalculusBatch.generate(1000, 42, "t");
    private final List<Task> tasks = CalculusBatch.asTasks(batch, RoutingScenario.TIERS, "bench");

    @Test
    void theSameSeedGivesTheSameTasksWhateverTheIds() {
        List<CalculusBatch.Generated> again = CalculusBatch.generate(1000, 42, "other");

        for (int i = 0; i < batch.size(); i++) {
            assertThat(again.get(i).difficulty()).isEqualTo(batch.get(i).difficulty());
            assertThat(again.get(i).submission().get("prompt")).isEqualTo(batch.get(i).submission().get("prompt"));
        }
        assertThat(again.get(0).submission().get("id").asText()).isEqualTo("other-00001");
    }

    @Test
    void difficultyIsSpreadAndCarriedOnlyInTheLabelEveryTaskExpectingJson() {
        assertThat(batch).extracting(CalculusBatch.Generated::difficulty)
                .anySatisfy(d -> assertThat(d).isLessThan(0.1))
                .anySatisfy(d -> assertThat(d).isGreaterThan(0.9));
        long hard = batch.stream().filter(t -> t.difficulty() > CalculusBatch.HARD).count();
        assertThat(hard).as("about 30% above 0.7").isBetween(250L, 350L);
        assertThat(tasks).allSatisfy(task -> {
            assertThat(task.prompt()).doesNotContain("difficulty");
            assertThat(task.labels()).containsOnlyKeys(CalculusBatch.DIFFICULTY_LABEL);
            assertThat(task.expect()).isNotNull();
        });
        assertThat(tasks.stream().filter(task -> task.type() == null).count()).as("prompt-only tasks").isBetween(50L, 150L);
    }

    @Test
    void theDefaultPolicyOnTheVisibleFieldsSendsMostHardTasksToQualityAndMostEasyOnesToFast() throws Exception {
        RoutingPolicy policy = RoutingPolicy.defaultPolicy(RoutingScenario.TIERS);
        int hard = 0;
        int hardOnQuality = 0;
        int easy = 0;
        int easyOnFast = 0;
        for (int i = 0; i < tasks.size(); i++) {
            String tier = policy.decide(tasks.get(i), OutcomeStats.NONE).tier();
            if (batch.get(i).difficulty() > CalculusBatch.HARD) {
                hard++;
                hardOnQuality += tier.equals("quality") ? 1 : 0;
            } else if (batch.get(i).difficulty() < CalculusBatch.MEDIUM) {
                easy++;
                easyOnFast += tier.equals("fast") ? 1 : 0;
            }
        }
        // The batch's design: 70% of hard tasks look senior, 95% of easy ones do not.
        assertThat((double) hardOnQuality / hard).isBetween(0.6, 0.8);
        assertThat((double) easyOnFast / easy).isGreaterThan(0.9);
    }
}
