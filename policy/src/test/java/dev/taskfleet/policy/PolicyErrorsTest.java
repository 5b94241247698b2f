package dev.taskfleet.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of mistake in a policy file is refused with its file, line and a clear problem. */
class PolicyErrorsTest {

    private static final String TIERS = "tiers: [fast, quality]\n";

    @Test
    void unknownTierInARule() {
        assertError(TIERS + """
                rules:
                  - id: big
                    tier: premium
                """, 4, "unknown tier 'premium'; the tiers are [fast, quality]");
    }

    @Test
    void badRegexInAPromptPattern() {
        assertError(TIERS + """
                rules:
                  - id: cves
                    tier: quality
                    match:
                      prompt: ["CVE-\\\\d+", "(unclosed"]
                """, 6, "bad pattern '(unclosed': Unclosed group");
    }

    @Test
    void badGlobInAType() {
        assertError(TIERS + """
                rules:
                  - id: odd
                    tier: fast
                    match:
                      type: "refactor[0-9]"
                """, 6, "bad glob 'refactor[0-9]'");
    }

    @Test
    void ruleAfterACatchAllIsUnreachable() {
        assertError(TIERS + """
                rules:
                  - id: everything
                    tier: fast
                  - id: reviews
                    tier: quality
                    match: {type: "*review*"}
                """, 5, "rule 'reviews' is unreachable: rule 'everything' on line 3 has an empty match");
    }

    @Test
    void ruleWithTheSameMatchAsAnEarlierOneIsUnreachable() {
        assertError(TIERS + """
                rules:
                  - id: first
                    tier: quality
                    match: {type: [b, a], team: x}
                  - id: second
                    tier: fast
                    match: {team: x, type: [A, b]}
                """, 6, "rule 'second' is unreachable: rule 'first' on line 3 has the same match and comes first");
    }

    @Test
    void unknownFieldNamesTheExpectedOnes() {
        assertError(TIERS + """
                rules:
                  - id: r
                    tier: fast
                    mach: {type: x}
                """, 5, "unknown field 'mach' in 'rules[0]'; expected one of [description, id, match, tier]");
    }

    @Test
    void unknownTopLevelField() {
        assertError(TIERS + "adaptiv:\n  enabled: true\n", 2, "unknown field 'adaptiv'; expected one of");
    }

    @Test
    void duplicateRuleId() {
        assertError(TIERS + """
                rules:
                  - id: same
                    tier: fast
                    match: {type: a}
                  - id: same
                    tier: fast
                    match: {type: b}
                """, 6, "duplicate rule id 'same' (first used on line 3)");
    }

    @Test
    void reservedRuleId() {
        assertError(TIERS + "rules:\n  - id: heuristic\n    tier: fast\n", 3, "rule id 'heuristic' is reserved");
    }

    @Test
    void thresholdsOutOfOrder() {
        assertError("""
                tiers: [fast, balanced, quality]
                heuristic:
                  thresholds:
                    balanced: 3.0
                    quality: 2.5
                """, 5, "threshold out of order: quality (2.50) must be above balanced (3.00)");
    }

    @Test
    void thresholdForTheCheapestTier() {
        assertError(TIERS + "heuristic:\n  thresholds: {fast: 1.0}\n", 3, "the cheapest tier 'fast' takes every score");
    }

    @Test
    void unknownTierInThresholdsAndTeamCaps() {
        assertError(TIERS + "heuristic:\n  thresholds:\n    gold: 1.0\n", 4, "unknown tier 'gold'");
        assertError(TIERS + "teams:\n  interns:\n    maxTier: gold\n", 4, "unknown tier 'gold'");
    }

    @Test
    void badTierName() {
        assertError("tiers:\n  - fast\n  - Quality Tier\n", 3, "tier name 'Quality Tier' is not usable");
    }

    @Test
    void tierListedTwice() {
        assertError("tiers: [fast, fast]\n", 1, "tier 'fast' is listed twice");
    }

    @Test
    void missingTiers() {
        assertError("rules: []\n", 1, "the policy has no 'tiers'");
    }

    @Test
    void badHintModeDurationAndRate() {
        assertError(TIERS + "tierHints: sometimes\n", 2, "'tierHints' must be allowed, capped or ignored, not 'sometimes'");
        assertError(TIERS + "adaptive:\n  window: soon\n", 3, "'adaptive.window' must be a positive duration");
        assertError(TIERS + "adaptive:\n  minSuccessRate: 80\n", 3, "must be above 0 and at most 1");
    }

    @Test
    void signalListedTwiceOrInBothLists() {
        assertError(TIERS + "heuristic:\n  seniorSignals: [race, Race]\n", 3, "signal 'Race' is listed twice");
        assertError(TIERS + "heuristic:\n  seniorSignals: [race]\n  juniorSignals:\n    - typo\n    - race\n", 6,
                "signal 'race' is listed as senior and as junior");
    }

    @Test
    void invertedPromptRange() {
        assertError(TIERS + """
                rules:
                  - id: mid
                    tier: quality
                    match:
                      promptTokens: {min: 500, max: 100}
                """, 6, "'rules[0].match.promptTokens' has min 500 above max 100");
    }

    @Test
    void duplicateKey() {
        assertError(TIERS + "maxAttempts: 2\nmaxAttempts: 3\n", 3, "field 'maxAttempts' appears twice");
    }

    @Test
    void invalidYaml() {
        assertError(TIERS + "rules:\n  - id: [unclosed\n", 3, "not valid YAML");
    }

    @Test
    void emptyFile() {
        assertError("", 1, "the policy is empty");
    }

    @Test
    void aFileNamesItselfInTheMessage(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, TIERS + "rules:\n  - id: x\n    tier: gold\n");

        assertThatThrownBy(() -> RoutingPolicy.load(file)).isInstanceOf(PolicyException.class)
                .hasMessage(file + ":4: unknown tier 'gold'; the tiers are [fast, quality]");
    }

    @Test
    void aMissingFileIsAPolicyError(@TempDir Path dir) {
        Path file = dir.resolve("absent.yaml");

        assertThatThrownBy(() -> RoutingPolicy.load(file)).isInstanceOf(PolicyException.class)
                .hasMessageStartingWith(file + ":0: cannot read the policy file");
    }

    @Test
    void aCorrectSmallPolicyLoads() throws PolicyException {
        RoutingPolicy policy = RoutingPolicy.parse(TIERS + """
                rules:
                  - id: payments
                    tier: quality
                    match: {team: payments, labels: {risk: "high*"}}
                """, "small.yaml");

        assertThat(policy.tiers()).containsExactly("fast", "quality");
        assertThat(policy.ruleIds()).containsExactly("tier-hint", "payments", "heuristic", "adaptive", "escalation");
        assertThat(policy.adaptiveEnabled()).isFalse();
    }

    private static void assertError(String yaml, int line, String problem) {
        assertThatThrownBy(() -> RoutingPolicy.parse(yaml, "test.yaml"))
                .isInstanceOfSatisfying(PolicyException.class, e -> {
                    assertThat(e.getMessage()).startsWith("test.yaml:" + line + ": ").contains(problem);
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.source()).isEqualTo("test.yaml");
                });
    }
}
