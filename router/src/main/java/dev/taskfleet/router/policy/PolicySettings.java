package dev.taskfleet.router.policy;

import dev.taskfleet.contract.TopicNames;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validated inputs of the standard rule set. Every mistake is refused here, at start-up, with a
 * message that names the offending tier or keyword, because a routing table that is silently
 * wrong sends tasks to the wrong models for as long as nobody notices.
 *
 * @param tierOrder   the tiers, cheapest first; distinct, valid tier names
 * @param defaultTier where a task goes when no rule decides; one of {@code tierOrder}
 * @param keywords    lower-case keywords per tier; only tiers of {@code tierOrder}, no keyword
 *                    listed for two tiers
 */
public record PolicySettings(List<String> tierOrder, String defaultTier, Map<String, Set<String>> keywords) {

    /** A type is split on {@code -}, {@code _} and {@code .}, so a keyword with any other shape never matches. */
    private static final Pattern KEYWORD = Pattern.compile("[a-z0-9]+");

    public PolicySettings {
        if (tierOrder == null || tierOrder.isEmpty()) {
            throw new IllegalArgumentException("the tier order is empty; at least one tier is needed");
        }
        tierOrder.forEach(TopicNames::requireValidTier);
        if (new HashSet<>(tierOrder).size() != tierOrder.size()) {
            throw new IllegalArgumentException("the tier order " + tierOrder + " names a tier twice");
        }
        tierOrder = List.copyOf(tierOrder);
        if (!tierOrder.contains(defaultTier)) {
            throw new IllegalArgumentException("the default tier '" + defaultTier + "' is not one of the tiers "
                    + tierOrder);
        }
        keywords = validKeywords(tierOrder, keywords);
    }

    /**
     * Settings from configuration values: the default tier falls back to the cheapest tier, and
     * a tier without configured keywords gets its {@link BuiltInKeywords} (if its name has any).
     * A configured list replaces the built-in list of that tier rather than extending it, so the
     * configuration shows the whole list.
     *
     * @param configuredKeywords keywords per tier as configured; case and surrounding blanks do not matter
     */
    public static PolicySettings of(List<String> tierOrder, Optional<String> defaultTier,
            Map<String, List<String>> configuredKeywords) {
        if (tierOrder == null || tierOrder.isEmpty()) {
            throw new IllegalArgumentException("the tier order is empty; at least one tier is needed");
        }
        for (String tier : configuredKeywords.keySet()) {
            if (!tierOrder.contains(tier)) {
                throw new IllegalArgumentException("keywords are configured for tier '" + tier
                        + "', which is not one of the tiers " + tierOrder);
            }
        }
        Map<String, Set<String>> keywords = new LinkedHashMap<>();
        for (String tier : tierOrder) {
            List<String> list = configuredKeywords.getOrDefault(tier, BuiltInKeywords.BY_TIER.getOrDefault(tier, List.of()));
            Set<String> normalized = new LinkedHashSet<>();
            list.forEach(keyword -> normalized.add(keyword.trim().toLowerCase(Locale.ROOT)));
            keywords.put(tier, normalized);
        }
        return new PolicySettings(tierOrder, defaultTier.orElse(tierOrder.get(0)), keywords);
    }

    private static Map<String, Set<String>> validKeywords(List<String> tierOrder, Map<String, Set<String>> keywords) {
        Map<String, String> tierOfKeyword = new HashMap<>();
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> entry : keywords.entrySet()) {
            String tier = entry.getKey();
            if (!tierOrder.contains(tier)) {
                throw new IllegalArgumentException("keywords are configured for tier '" + tier
                        + "', which is not one of the tiers " + tierOrder);
            }
            for (String keyword : entry.getValue()) {
                if (!KEYWORD.matcher(keyword).matches()) {
                    throw new IllegalArgumentException("keyword '" + keyword + "' of tier '" + tier
                            + "' can never match: types are split on '-', '_' and '.', so a keyword is one"
                            + " lower-case word of letters and digits");
                }
                String other = tierOfKeyword.put(keyword, tier);
                if (other != null) {
                    throw new IllegalArgumentException("keyword '" + keyword + "' is listed for tier '" + other
                            + "' and for tier '" + tier + "'; a keyword belongs to one tier");
                }
            }
            copy.put(tier, Set.copyOf(entry.getValue()));
        }
        return Map.copyOf(copy);
    }
}
