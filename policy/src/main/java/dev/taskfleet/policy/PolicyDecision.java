package dev.taskfleet.policy;

import dev.taskfleet.contract.RoutingDecision;
import java.util.Map;
import java.util.Objects;

/**
 * Where a task goes and why.
 *
 * @param tier        one of the policy's tiers
 * @param rule        {@value #TIER_HINT}, a policy rule's id, {@value #HEURISTIC} or
 *                    {@value #ADAPTIVE}; always one of {@link RoutingPolicy#ruleIds()}
 * @param score       the complexity score (0 when a rule or the tier hint decided without one)
 * @param features    the heuristic's features and their values (empty when it did not run)
 * @param explanation one line a person can read
 */
public record PolicyDecision(String tier, String rule, double score, Map<String, Double> features,
        String explanation) {

    /** Rule id of a decision taken from the submitter's tier hint. */
    public static final String TIER_HINT = "tier-hint";
    /** Rule id of a decision taken by the complexity heuristic. */
    public static final String HEURISTIC = "heuristic";
    /** Rule id of a decision moved up a tier because of poor recent success on the lower one. */
    public static final String ADAPTIVE = "adaptive";
    /** Rule id the router records on a task it placed again after an escalation. */
    public static final String ESCALATION = "escalation";

    public PolicyDecision {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(explanation, "explanation");
        features = features == null ? Map.of() : Map.copyOf(features);
    }

    /** The decision in the form the routed task carries. */
    public RoutingDecision toRoutingDecision() {
        return new RoutingDecision(rule, score, explanation, features);
    }
}
