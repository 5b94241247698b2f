package dev.taskfleet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.contract.Task;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The default policy, case by case: which tier and which rule each kind of task gets. */
class DefaultPolicyTableTest {

    private static final String LONG_PLAIN = "Summarise this meeting transcript. " + "We talked about the plan. ".repeat(2000);
    private static final String CODE_BLOCK = "Explain what this does:\n```java\n" + "int x = compute(a, b);\n".repeat(45)
            + "```\n";

    private static RoutingPolicy policy;

    @BeforeAll
    static void loadDefault() throws PolicyException {
        policy = RoutingPolicy.defaultPolicy(List.of("fast", "quality"));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // rules by type
                row("code-review", "Look at this diff.", "quality", "reviews"),
                row("security-review", "Check the login handler.", "quality", "reviews"),
                row("docstring-review", "Are these docstrings accurate?", "quality", "reviews"),
                row("audit-dependencies", "List outdated libraries.", "quality", "reviews"),
                row("rename", "Rename getFoo to fetchFoo across the module.", "fast", "mechanical-chores"),
                row("format-code", "Apply the formatter.", "fast", "mechanical-chores"),
                row("lint-fix", "Fix the lint warnings in the security module.", "fast", "mechanical-chores"),
                row("boilerplate", "Generate DTOs.", "fast", "mechanical-chores"),
                row("scaffold-service", "Create a new service skeleton.", "fast", "mechanical-chores"),
                row("docstring", "Add docstrings to public methods.", "fast", "mechanical-chores"),
                row("changelog", "Write the changelog entry.", "fast", "mechanical-chores"),
                row("REFACTOR-Review", "Case does not matter for types.", "quality", "reviews"),
                row("summarize", LONG_PLAIN, "quality", "large-context"),
                // heuristic: senior signals
                row("refactor", "Split this class; watch for a race between the two writers.", "quality", "heuristic"),
                row("task", "Propose an architecture for the billing service.", "quality", "heuristic"),
                row("task", "Is this endpoint vulnerable? Look for vulnerabilities.", "quality", "heuristic"),
                row("task", "Plan the database migration to the new schema.", "quality", "heuristic"),
                row("task", "Improve the performance of the hot loop.", "quality", "heuristic"),
                row("task", "Discuss the design trade-off between caching and recomputing.", "quality", "heuristic"),
                row("concurrency-fix", "Fix it.", "quality", "heuristic"),
                row("task", "Find the deadlock in the scheduler.", "quality", "heuristic"),
                // heuristic: junior or plain work
                row("task", "Write a haiku about autumn.", "fast", "heuristic"),
                row("refactor", "Extract a method from the long if-block.", "fast", "heuristic"),
                row("task", "Rename the variable in the concurrency module.", "fast", "heuristic"),
                row("task", "Add a test stub for the parser and fix the typo in its comment.", "fast", "heuristic"),
                row("task", "The word insecure and the word traceback are not signals.", "fast", "heuristic"),
                // heuristic: size, code and files
                row("explain", CODE_BLOCK, "quality", "heuristic"),
                row("change", "Update src/a/A.java, src/a/B.java, src/b/C.java and pom.xml to the new API.",
                        "quality", "heuristic"),
                row("change", "Update src/a/A.java to the new API.", "fast", "heuristic"));
    }

    @ParameterizedTest(name = "{0}: {2} by {3}")
    @MethodSource("cases")
    void routesEachKindOfTask(String type, String prompt, String tier, String rule) {
        PolicyDecision decision = policy.decide(Tasks.task(type, prompt).build(), OutcomeStats.NONE);

        assertThat(decision.tier()).as(decision.explanation()).isEqualTo(tier);
        assertThat(decision.rule()).as(decision.explanation()).isEqualTo(rule);
        assertThat(policy.ruleIds()).contains(decision.rule());
    }

    @Test
    void ruleDecisionsNameTheRuleAndItsReason() {
        PolicyDecision decision = policy.decide(Tasks.task("code-review", "Look.").build(), OutcomeStats.NONE);

        assertThat(decision.score()).isZero();
        assertThat(decision.features()).isEmpty();
        assertThat(decision.explanation()).startsWith("rule 'reviews' matched type *review*|audit*: a review fails");
    }

    @Test
    void heuristicDecisionsRecordTheFeaturesAndNameTheTopSignals() {
        Task task = Tasks.task("task", "Review the security of the cache; there may be a race. See src/c/Cache.java")
                .build();

        PolicyDecision decision = policy.decide(task, OutcomeStats.NONE);

        assertThat(decision.features()).containsEntry("seniorSignals", 2.0).containsEntry("filesTouched", 1.0)
                .containsEntry("promptChars", (double) task.prompt().length())
                .containsKeys("estimatedTokens", "codeLines", "fencedBlocks", "juniorSignals");
        assertThat(decision.score()).isEqualTo(4.0 + 0.5 + 0.002 * 19, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(decision.explanation())
                .isEqualTo("score 4.54 from senior signals (security, race) +4.00, 1 files +0.50, ~19 tokens +0.04;"
                        + " reaches the quality threshold 2.00");
    }

    @Test
    void aTaskBelowEveryThresholdSaysWhichThresholdItMissed() {
        PolicyDecision decision = policy.decide(Tasks.task("task", "Rename x.").build(), OutcomeStats.NONE);

        assertThat(decision.score()).isZero();
        assertThat(decision.explanation()).endsWith("below the quality threshold 2.00, so fast");
    }

    @Test
    void decisionsAreDeterministic() {
        Task task = Tasks.task("task", CODE_BLOCK + " and a race").build();

        assertThat(policy.decide(task, OutcomeStats.NONE)).isEqualTo(policy.decide(task, OutcomeStats.NONE));
    }

    @Test
    void theDecisionTravelsAsTheContractsRoutingDecision() {
        PolicyDecision decision = policy.decide(Tasks.task("task", "A race.").build(), OutcomeStats.NONE);

        var routing = decision.toRoutingDecision();

        assertThat(routing.rule()).isEqualTo("heuristic");
        assertThat(routing.score()).isEqualTo(decision.score());
        assertThat(routing.reason()).isEqualTo(decision.explanation());
        assertThat(routing.features()).isEqualTo(decision.features());
    }

    private static Arguments row(String type, String prompt, String tier, String rule) {
        return Arguments.of(type, prompt, tier, rule);
    }
}
