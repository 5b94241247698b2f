package dev.taskfleet.router.policy;

import java.util.List;
import java.util.Map;

/**
 * The keywords a tier has when configuration lists none for it. They exist only for the tier
 * names of the default tier order, {@code fast} and {@code quality}; other tiers start without
 * keywords.
 *
 * <p>{@code review} is a quality keyword, so {@code code-review} goes to the quality tier. A
 * review is a judgement on someone else's work whose failure is silent: a weak model that
 * answers "looks fine" produces no error to escalate on, and the bug it missed ships. The
 * mechanical types on the fast list fail loudly (the code does not compile, the test does not
 * pass), so a cheap first attempt is safe there. A {@code docstring-review} therefore goes to
 * quality as well, by the highest-tier-wins rule of {@link TypeKeywordRule}.
 */
public final class BuiltInKeywords {

    public static final Map<String, List<String>> BY_TIER = Map.of(
            "fast", List.of("refactor", "boilerplate", "test", "rename", "format", "docstring", "scaffold", "lint"),
            "quality", List.of("architecture", "security", "performance", "design", "concurrency", "migration",
                    "review"));

    private BuiltInKeywords() {
    }
}
