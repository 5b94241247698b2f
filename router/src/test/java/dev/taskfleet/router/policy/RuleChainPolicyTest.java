package dev.taskfleet.router.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.contract.Task;
import dev.taskfleet.testkit.TaskBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleChainPolicyTest {

    private static final TierPolicy DEFAULTS = RuleChainPolicy.standard(
            PolicySettings.of(List.of("fast", "quality"), Optional.empty(), Map.of()));

    @ParameterizedTest(name = "type {0}, hint {1} -> {2} by {3}")
    @CsvSource(nullValues = "-", textBlock = """
            # type,                hint,    tier,    rule,         reason mentions
            unit-test,             -,       fast,    type-keyword, 'contains ''test'''
            refactor,              -,       fast,    type-keyword, 'contains ''refactor'''
            Rename_Symbol,         -,       fast,    type-keyword, 'contains ''rename'''
            docstring.generate,    -,       fast,    type-keyword, 'contains ''docstring'''
            lint,                  -,       fast,    type-keyword, 'contains ''lint'''
            security-review,       -,       quality, type-keyword, 'contains ''security'''
            SECURITY-audit,        -,       quality, type-keyword, 'contains ''security'''
            db_migration,          -,       quality, type-keyword, 'contains ''migration'''
            code-review,           -,       quality, type-keyword, 'contains ''review'''
            performance.tuning,    -,       quality, type-keyword, 'contains ''performance'''
            lint-concurrency,      -,       quality, type-keyword, 'contains ''concurrency'''
            security-test,         -,       quality, type-keyword, 'contains ''security'''
            docstring-review,      -,       quality, type-keyword, 'contains ''review'''
            refactor,              quality, quality, tier-hint,    quality
            security-review,       fast,    fast,    tier-hint,    fast
            translate,             -,       fast,    default,      'default tier fast'
            insecurity-check,      -,       fast,    default,      'default tier fast'
            testing,               -,       fast,    default,      'matches no tier keyword'
            """)
    void standardRulesWithBuiltInKeywords(String type, String hint, String tier, String rule, String mention) {
        TierDecision decision = DEFAULTS.decide(task(type, hint));

        assertThat(decision.tier()).isEqualTo(tier);
        assertThat(decision.rule()).isEqualTo(rule);
        assertThat(decision.routing().reason()).contains(mention);
        assertThat(decision.routing().score()).isEqualTo(TierDecision.NO_SCORE);
    }

    @ParameterizedTest(name = "type {0}, hint {1} -> {2} by {3}")
    @CsvSource(nullValues = "-", textBlock = """
            # tiers small < medium < large; default medium; 'review' is configured for medium here
            typo-fix,              -,       small,   type-keyword
            code-review,           -,       medium,  type-keyword
            typo-review,           -,       medium,  type-keyword
            proof-review,          -,       large,   type-keyword
            poem,                  -,       medium,  default
            proof,                 small,   small,   tier-hint
            refactor,              -,       medium,  default
            """)
    void configuredTiersAndKeywords(String type, String hint, String tier, String rule) {
        TierPolicy policy = RuleChainPolicy.standard(PolicySettings.of(List.of("small", "medium", "large"),
                Optional.of("medium"),
                Map.of("small", List.of("typo"), "medium", List.of("Review "), "large", List.of("proof"))));

        TierDecision decision = policy.decide(task(type, hint));

        assertThat(decision.tier()).isEqualTo(tier);
        assertThat(decision.rule()).isEqualTo(rule);
    }

    @Test
    void aHintThatIsNotATierIsIgnored() {
        TierDecision decision = DEFAULTS.decide(task("security-review", "premium"));

        assertThat(decision.tier()).isEqualTo("quality");
        assertThat(decision.rule()).isEqualTo(TypeKeywordRule.ID);
    }

    @Test
    void reportsEveryRuleIdInOrder() {
        assertThat(DEFAULTS.ruleIds()).containsExactly("tier-hint", "type-keyword", "default");
    }

    private static Task task(String type, String hint) {
        return TaskBuilder.task().type(type).tierHint(hint).build();
    }
}
