package dev.taskfleet.router.policy;

import dev.taskfleet.contract.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Places a task by the words of its type. The type is split into tokens on {@code -}, {@code _}
 * and {@code .} and compared case-insensitively with each tier's keywords, whole token against
 * whole keyword: {@code security-review} matches {@code security}, but {@code insecurity} does
 * not.
 *
 * <p>When the tokens match keywords of several tiers, the highest tier (latest in the tier
 * order) wins. Under-routing is the expensive mistake: a task sent to a tier too weak for it
 * returns a poor answer and must be escalated, costing the cheap attempt, the expensive one and
 * the latency of both, while over-routing costs only the price difference. A type such as
 * {@code security-test} is as hard as its hardest part.
 */
public final class TypeKeywordRule implements RoutingRule {

    public static final String ID = "type-keyword";

    private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");

    private final List<String> tiersHighestFirst;
    private final Map<String, Set<String>> keywords;

    /**
     * @param tierOrder the tiers, cheapest first
     * @param keywords  lower-case keywords per tier; a tier without an entry has none
     */
    public TypeKeywordRule(List<String> tierOrder, Map<String, Set<String>> keywords) {
        List<String> reversed = new ArrayList<>(tierOrder);
        Collections.reverse(reversed);
        this.tiersHighestFirst = List.copyOf(reversed);
        this.keywords = Map.copyOf(keywords);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Optional<TierDecision> apply(Task task) {
        if (task.type() == null) {
            return Optional.empty();
        }
        String[] tokens = SEPARATORS.split(task.type().toLowerCase(Locale.ROOT));
        for (String tier : tiersHighestFirst) {
            Set<String> tierKeywords = keywords.getOrDefault(tier, Set.of());
            for (String token : tokens) {
                if (tierKeywords.contains(token)) {
                    return Optional.of(TierDecision.unscored(tier, ID, "type '" + task.type() + "' contains '"
                            + token + "', which needs the " + tier + " tier"));
                }
            }
        }
        return Optional.empty();
    }
}
