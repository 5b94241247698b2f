package dev.taskfleet.policy;

import static dev.taskfleet.testkit.AttemptBuilder.anAttempt;
import static dev.taskfleet.testkit.EscalationBuilder.anEscalation;
import static dev.taskfleet.testkit.RoutedTaskBuilder.aRoutedTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.contract.EscalationRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Work whose submitter can wait goes to a batch tier when a rule says so; everything else routes as
 * if batch tiers did not exist, and escalation passes over them.
 */
class DeadlineRoutingTest {

    private static final String POLICY = """
            tiers: [fast, fast-batch, quality, quality-batch]
            batchTiers: [fast-batch, quality-batch]
            teams:
              interns: {maxTier: fast}
            rules:
              - id: bulk-can-wait
                tier: fast-batch
                description: half price when nobody is waiting
                match: {type: "bulk*", deadline: {min: 2h}}
              - id: long-reviews-can-wait
                tier: quality-batch
                match: {type: "*review*", deadline: {min: 1d}}
              - id: reviews
                tier: quality
                match: {type: "*review*"}
            """;

    private final RoutingPolicy policy;

    DeadlineRoutingTest() throws PolicyException {
        policy = RoutingPolicy.parse(POLICY, "deadline.yaml");
    }

    private PolicyDecision decide(Tasks task) {
        return policy.decide(task.build(), OutcomeStats.NONE);
    }

    @Test
    void bulkWorkThatCanWaitTwoHoursGoesToTheBatchTierOfTheSameModelAndSaysWhy() {
        PolicyDecision decision = decide(Tasks.task("bulk-docs", "Add a docstring.").deadline(Duration.ofHours(24)));

        assertThat(decision.tier()).isEqualTo("fast-batch");
        assertThat(decision.rule()).isEqualTo("bulk-can-wait");
        assertThat(decision.explanation()).isEqualTo("rule 'bulk-can-wait' matched deadline >=2h, type bulk*"
                + " (the submitter waits up to 1d): half price when nobody is waiting");
        assertThat(decide(Tasks.task("bulk-docs", "Add a docstring.").deadline(Duration.ofHours(2))).tier())
                .as("the bound is inclusive").isEqualTo("fast-batch");
    }

    @Test
    void withoutADeadlineOrWithAShortOneNothingChanges() {
        assertThat(decide(Tasks.task("bulk-docs", "Add a docstring.")).tier()).isEqualTo("fast");
        assertThat(decide(Tasks.task("bulk-docs", "Add a docstring.").deadline(Duration.ofMinutes(119))).tier())
                .isEqualTo("fast");
        assertThat(decide(Tasks.task("security-review", "Check it.").deadline(Duration.ofHours(3))).rule())
                .isEqualTo("reviews");
        assertThat(decide(Tasks.task("security-review", "Check it.").deadline(Duration.ofDays(2))).tier())
                .isEqualTo("quality-batch");
    }

    @Test
    void theHeuristicNeverChoosesABatchTierWhateverTheScore() {
        assertThat(decide(Tasks.task("chore", "Do the thing.").deadline(Duration.ofDays(3))).tier())
                .as("below every threshold: the cheapest on-line tier").isEqualTo("fast");
        PolicyDecision senior = decide(Tasks.task("design", "A security trade-off in the distributed cache"));
        assertThat(senior.rule()).isEqualTo("heuristic");
        assertThat(senior.tier()).as("the default thresholds skip batch tiers").isEqualTo("quality");
    }

    @Test
    void aTeamCappedAtAModelMayStillUseItsBatchTier() {
        assertThat(decide(Tasks.task("bulk-docs", "p").team("interns").deadline(Duration.ofDays(1))).tier())
                .isEqualTo("fast-batch");
        PolicyDecision capped = decide(Tasks.task("review", "p").team("interns").deadline(Duration.ofDays(2)));
        assertThat(capped.tier()).isEqualTo("fast");
        assertThat(capped.explanation()).endsWith("team 'interns' is capped at fast");
    }

    @Test
    void escalationPassesOverBatchTiersAndFromABatchTierClimbsToTheNextOnlineModel() {
        assertThat(policy.escalate(request("fast", "TIMEOUT")).nextTier()).contains("quality");
        EscalationDecision fromBatch = policy.escalate(request("fast-batch", "EXPIRED"));
        assertThat(fromBatch.nextTier()).contains("quality");
        assertThat(fromBatch.reason()).isEqualTo("escalated from fast-batch to quality after EXPIRED (1 of 4 model"
                + " calls used)");
        EscalationDecision top = policy.escalate(request("quality", "TIMEOUT"));
        assertThat(top.nextTier()).isEmpty();
        assertThat(top.reason()).isEqualTo("TIMEOUT on quality; quality is the highest tier taking escalations"
                + " (batch tiers take none)");
    }

    @Test
    void mistakesAboutBatchTiersAndDeadlinesAreRefusedWithTheirLine() {
        assertError("tiers: [fast, quality]\nbatchTiers: [slow]\n", 2, "unknown tier 'slow' in batchTiers");
        assertError("tiers: [fast-batch, fast]\nbatchTiers: [fast-batch]\n", 2,
                "batch tier 'fast-batch' is the first tier; list it right after the on-line tier of the same model");
        assertError("tiers: [fast, fast-batch]\nbatchTiers: [fast-batch]\nheuristic:\n  thresholds: {fast-batch: 1}\n",
                4, "'fast-batch' is a batch tier");
        assertError("tiers: [fast, fast-batch]\nbatchTiers: [fast-batch]\nteams:\n  x: {maxTier: fast-batch}\n", 4,
                "maxTier 'fast-batch' is a batch tier");
        assertError(waitRule("{min: soon}"), 6,
                "'rules[0].match.deadline.min' must be a positive duration such as 90s, 15m or 2h, not 'soon'");
        assertError(waitRule("{min: 2d, max: 1d}"), 6, "has min 2d above max 1d");
    }

    /** A policy whose one rule has {@code deadline: <bounds>} on line 6. */
    private static String waitRule(String bounds) {
        return """
                tiers: [fast, fast-batch]
                rules:
                  - id: wait
                    tier: fast-batch
                    match:
                      deadline: %s
                """.formatted(bounds);
    }

    private static void assertError(String yaml, int line, String problem) {
        assertThatThrownBy(() -> RoutingPolicy.parse(yaml, "test.yaml"))
                .isInstanceOfSatisfying(PolicyException.class, e -> {
                    assertThat(e.getMessage()).startsWith("test.yaml:" + line + ": ").contains(problem);
                    assertThat(e.line()).isEqualTo(line);
                });
    }

    private static EscalationRequest request(String tier, String code) {
        return anEscalation()
                .of(aRoutedTask().task(Tasks.task("bulk-docs", "p").deadline(Duration.ofDays(1)).build()).onTier(tier)
                        .routing("bulk-can-wait", 0, "rule"))
                .history(List.of(anAttempt().onTier(tier).model("m").failed(code, "x").build()))
                .because(code, "x").build();
    }
}
