package dev.taskfleet.router.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicySettingsTest {

    private static final List<String> TIERS = List.of("fast", "quality");

    @Test
    void keywordsForATierOutsideTheTierOrderAreRefusedNamingTheTier() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PolicySettings.of(TIERS, Optional.empty(), Map.of("premium", List.of("legal"))))
                .withMessageContaining("'premium'")
                .withMessageContaining("[fast, quality]");
    }

    @Test
    void aDefaultTierOutsideTheTierOrderIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PolicySettings.of(TIERS, Optional.of("premium"), Map.of()))
                .withMessageContaining("default tier 'premium'");
    }

    @Test
    void aKeywordThatCanNeverMatchIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PolicySettings.of(TIERS, Optional.empty(), Map.of("quality", List.of("code-review"))))
                .withMessageContaining("'code-review'")
                .withMessageContaining("never match");
    }

    @Test
    void aKeywordListedForTwoTiersIsRefused() {
        // fast keeps its built-in list, which has 'test'.
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PolicySettings.of(TIERS, Optional.empty(), Map.of("quality", List.of("test"))))
                .withMessageContaining("'test'")
                .withMessageContaining("'fast'")
                .withMessageContaining("'quality'");
    }

    @Test
    void anEmptyTierOrderIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PolicySettings.of(List.of(), Optional.empty(), Map.of()))
                .withMessageContaining("tier order is empty");
    }

    @Test
    void aTierNamedTwiceIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PolicySettings.of(List.of("fast", "fast"), Optional.empty(), Map.of()))
                .withMessageContaining("twice");
    }

    @Test
    void aTierNameThatCannotBeATopicNameIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PolicySettings.of(List.of("fast", "Quality Tier"), Optional.empty(), Map.of()))
                .withMessageContaining("'Quality Tier'");
    }

    @Test
    void defaultsToTheCheapestTierAndTheBuiltInKeywords() {
        PolicySettings settings = PolicySettings.of(TIERS, Optional.empty(), Map.of());

        assertThat(settings.defaultTier()).isEqualTo("fast");
        assertThat(settings.keywords().get("fast")).containsExactlyInAnyOrderElementsOf(BuiltInKeywords.BY_TIER.get("fast"));
        assertThat(settings.keywords().get("quality")).contains("security", "review");
    }

    @Test
    void aConfiguredListReplacesTheBuiltInListAndIsNormalized() {
        PolicySettings settings = PolicySettings.of(TIERS, Optional.empty(), Map.of("fast", List.of(" Typo", "LINT")));

        assertThat(settings.keywords().get("fast")).isEqualTo(Set.of("typo", "lint"));
    }

    @Test
    void tiersWithoutBuiltInKeywordsStartWithNone() {
        PolicySettings settings = PolicySettings.of(List.of("small", "large"), Optional.empty(), Map.of());

        assertThat(settings.keywords()).containsOnlyKeys("small", "large");
        assertThat(settings.keywords().values()).allMatch(Set::isEmpty);
    }
}
