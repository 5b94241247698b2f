package dev.taskfleet.policy;

import java.util.Locale;

/** What the policy does with the tier a submitter asks for ({@code tierHints} in the policy file). */
enum HintMode {
    /** The hint decides, even above the team's {@code maxTier}: the submitter is trusted. */
    ALLOWED,
    /** The hint decides, but never above the team's {@code maxTier}. */
    CAPPED,
    /** The hint is not used; rules and the heuristic decide (rules may still match on it). */
    IGNORED;

    String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
