package dev.taskfleet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
        "refactor, refactor, true", "refactor, refactors, false", "Refactor, refactor, true",
        "rename*, rename, true", "rename*, rename-field, true", "rename*, xrename, false",
        "*-review, code-review, true", "*-review, code-reviews, false",
        "*review*, docstring-review-2, true", "*review*, revie, false",
        "sec?rity, security, true", "sec?rity, secrity, false",
        "a*b*c, a-x-b-y-c, true", "a*b*c, a-c-b, false", "*, anything, true"})
    void matchesLikeAShellWildcard(String glob, String value, boolean matches) {
        assertThat(Glob.of(glob).matches(value)).isEqualTo(matches);
    }
}
