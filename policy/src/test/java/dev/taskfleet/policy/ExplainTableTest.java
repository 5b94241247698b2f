package dev.taskfleet.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.contract.Task;
import dev.taskfleet.testkit.TaskBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplainTableTest {

    @Test
    void rendersOneAlignedRowPerTaskUnderAHeader() {
        List<Task> tasks = List.of(Tasks.task("code-review", "x").id("t-1").build(),
                Tasks.task("rename", "y").id("task-22").build());
        List<PolicyDecision> decisions = List.of(
                new PolicyDecision("quality", "reviews", 0, Map.of(), "rule 'reviews' matched type *review*"),
                new PolicyDecision("fast", "heuristic", 0.125, Map.of("juniorSignals", 1.0), "score 0.13; so fast"));

        String table = ExplainTable.render(tasks, decisions);

        assertThat(table).isEqualTo("""
                ID       TYPE         TIER     RULE       SCORE  EXPLANATION
                t-1      code-review  quality  reviews    0.00   rule 'reviews' matched type *review*
                task-22  rename       fast     heuristic  0.13   score 0.13; so fast
                """);
    }

    @Test
    void aTaskWithoutTypeShowsADash() {
        Task untyped = TaskBuilder.task().id("t-9").batch("b").type(null).prompt("p").createdAt(null).build();

        String table = ExplainTable.render(List.of(untyped),
                List.of(new PolicyDecision("fast", "heuristic", 0, Map.of(), "why")));

        assertThat(table.lines().skip(1).findFirst()).hasValueSatisfying(row -> assertThat(row).startsWith("t-9  -  "));
    }

    @Test
    void refusesMismatchedLists() {
        assertThatThrownBy(() -> ExplainTable.render(List.of(Tasks.task("a", "b").build()), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("1 tasks but 0 decisions");
    }
}
