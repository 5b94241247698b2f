package dev.taskfleet.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Objects;

/**
 * Why a task went to the tier it went to. Recorded on the routed task and copied to the result,
 * so every outcome can be audited back to a rule.
 *
 * @param rule     id of the rule that decided, e.g. {@code tier-hint}, a policy rule's id,
 *                 {@code heuristic}, {@code adaptive} or {@code escalation}; a small fixed set per
 *                 policy, so it can be a metric tag
 * @param score    the complexity score behind the decision (0 when a rule decided without one)
 * @param reason   one line a person can read
 * @param features the features that drove the decision and their values (e.g. {@code
 *                 estimatedTokens}, {@code seniorSignals}); empty when a rule decided on its own
 */
public record RoutingDecision(
        String rule,
        double score,
        String reason,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Double> features) {

    public RoutingDecision {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
        features = features == null ? Map.of() : Map.copyOf(features);
    }

    /** A decision a rule made without computing features. */
    public RoutingDecision(String rule, double score, String reason) {
        this(rule, score, reason, Map.of());
    }
}
