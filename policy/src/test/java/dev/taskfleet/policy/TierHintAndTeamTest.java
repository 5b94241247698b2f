package dev.taskfleet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The three tier-hint modes, per team, and team caps on rule and heuristic decisions. */
class TierHintAndTeamTest {

    private static final String POLICY = """
            tiers: [fast, quality]
            tierHints: allowed
            teams:
              interns: {maxTier: fast, tierHints: capped}
              bots: {tierHints: ignored}
              capped-only: {tierHints: capped}
            rules:
              - id: hinted-quality
                tier: quality
                match: {tierHint: quality, team: bots}
              - id: reviews
                tier: quality
                match: {type: "*review*"}
            """;

    private final RoutingPolicy policy;

    TierHintAndTeamTest() throws PolicyException {
        policy = RoutingPolicy.parse(POLICY, "hints.yaml");
    }

    @Test
    void allowedHintWins() {
        PolicyDecision decision = decide(Tasks.task("rename", "Rename x.").hint("quality"));

        assertThat(decision.tier()).isEqualTo("quality");
        assertThat(decision.rule()).isEqualTo("tier-hint");
        assertThat(decision.explanation()).isEqualTo("the submitter asked for the quality tier");
    }

    @Test
    void cappedHintWinsUpToTheTeamsMaxTier() {
        PolicyDecision decision = decide(Tasks.task("rename", "x").hint("quality").team("interns"));

        assertThat(decision.tier()).isEqualTo("fast");
        assertThat(decision.rule()).isEqualTo("tier-hint");
        assertThat(decision.explanation()).isEqualTo("the submitter asked for the quality tier, but team 'interns' is capped at fast");
        assertThat(decide(Tasks.task("code-review", "x").hint("quality").team("capped-only")).tier()).isEqualTo("quality");
    }

    @Test
    void ignoredHintLeavesTheDecisionToRulesThatMayStillMatchOnIt() {
        PolicyDecision byRule = decide(Tasks.task("chore", "Do it.").hint("quality").team("bots"));
        PolicyDecision byHeuristic = decide(Tasks.task("chore", "Do it.").hint("fast").team("bots"));

        assertThat(byRule.rule()).isEqualTo("hinted-quality");
        assertThat(byRule.explanation()).endsWith("(tier hint quality ignored by policy)");
        assertThat(byHeuristic.rule()).isEqualTo("heuristic");
        assertThat(byHeuristic.tier()).isEqualTo("fast");
    }

    @Test
    void teamCapsApplyToRuleAndHeuristicDecisions() {
        PolicyDecision byRule = decide(Tasks.task("code-review", "x").team("interns"));
        PolicyDecision byHeuristic = decide(Tasks.task("task", "Fix the race.").team("interns"));

        assertThat(byRule.tier()).isEqualTo("fast");
        assertThat(byRule.rule()).isEqualTo("reviews");
        assertThat(byRule.explanation()).endsWith("; team 'interns' is capped at fast");
        assertThat(byHeuristic.tier()).isEqualTo("fast");
        assertThat(byHeuristic.explanation()).endsWith("; team 'interns' is capped at fast");
    }

    @Test
    void anUnknownHintIsIgnored() {
        PolicyDecision decision = decide(Tasks.task("code-review", "x").hint("premium"));

        assertThat(decision.rule()).isEqualTo("reviews");
    }

    @Test
    void labelGlobsMatchCaseInsensitively() throws PolicyException {
        RoutingPolicy labelled = RoutingPolicy.parse("""
                tiers: [fast, quality]
                rules:
                  - id: risky
                    tier: quality
                    match: {labels: {risk: "high*"}}
                """, "labels.yaml");

        assertThat(labelled.decide(Tasks.task("x", "y").label("risk", "HIGHEST").build(), OutcomeStats.NONE).rule())
                .isEqualTo("risky");
        assertThat(labelled.decide(Tasks.task("x", "y").label("risk", "low").build(), OutcomeStats.NONE).rule())
                .isEqualTo("heuristic");
        assertThat(labelled.decide(Tasks.task("x", "y").build(), OutcomeStats.NONE).rule()).isEqualTo("heuristic");
    }

    @Test
    void promptPatternsAndSizesMatch() throws PolicyException {
        RoutingPolicy sized = RoutingPolicy.parse("""
                tiers: [fast, quality]
                rules:
                  - id: cve
                    tier: quality
                    match: {prompt: "CVE-\\\\d{4}-\\\\d+"}
                  - id: tiny
                    tier: fast
                    match: {promptChars: {max: 10}}
                """, "sized.yaml");

        assertThat(sized.decide(Tasks.task("x", "Assess CVE-2024-1234 now").build(), OutcomeStats.NONE).rule())
                .isEqualTo("cve");
        assertThat(sized.decide(Tasks.task("x", "Tiny.").build(), OutcomeStats.NONE).rule()).isEqualTo("tiny");
        assertThat(sized.decide(Tasks.task("x", "Not so tiny at all.").build(), OutcomeStats.NONE).rule())
                .isEqualTo("heuristic");
    }

    private PolicyDecision decide(Tasks task) {
        return policy.decide(task.build(), OutcomeStats.NONE);
    }
}
