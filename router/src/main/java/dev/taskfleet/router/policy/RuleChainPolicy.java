package dev.taskfleet.router.policy;

import dev.taskfleet.contract.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks its rules in order and takes the first decision; when no rule decides, the task goes to
 * the default tier under rule {@value #DEFAULT_RULE}.
 */
public final class RuleChainPolicy implements TierPolicy {

    public static final String DEFAULT_RULE = "default";

    private final List<RoutingRule> rules;
    private final String defaultTier;

    public RuleChainPolicy(List<RoutingRule> rules, String defaultTier) {
        this.rules = List.copyOf(rules);
        this.defaultTier = Objects.requireNonNull(defaultTier, "defaultTier");
    }

    /**
     * The rule set of this release: the submitter's tier hint first (the submitter knows things
     * about the task that its type does not say), then the type's keywords, then the default.
     */
    public static RuleChainPolicy standard(PolicySettings settings) {
        return new RuleChainPolicy(List.of(
                new TierHintRule(settings.tierOrder()),
                new TypeKeywordRule(settings.tierOrder(), settings.keywords())),
                settings.defaultTier());
    }

    @Override
    public TierDecision decide(Task task) {
        for (RoutingRule rule : rules) {
            Optional<TierDecision> decision = rule.apply(task);
            if (decision.isPresent()) {
                return decision.get();
            }
        }
        return TierDecision.unscored(defaultTier, DEFAULT_RULE, "type '" + task.type()
                + "' matches no tier keyword and there is no tier hint, so the default tier " + defaultTier + " runs it");
    }

    @Override
    public List<String> ruleIds() {
        List<String> ids = new ArrayList<>();
        rules.forEach(rule -> ids.add(rule.id()));
        ids.add(DEFAULT_RULE);
        return List.copyOf(ids);
    }
}
