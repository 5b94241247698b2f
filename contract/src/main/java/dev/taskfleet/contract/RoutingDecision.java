package dev.taskfleet.contract;

import java.util.Objects;

/**
 * Why a task went to the tier it went to. Recorded on the routed task and copied to the result,
 * so every outcome can be audited back to a rule.
 *
 * @param rule   id of the rule that decided, e.g. {@code tier-hint} or {@code type-keyword}; a small fixed set, so it can be a metric tag
 * @param score  the complexity score behind the decision (0 when a rule decided without one)
 * @param reason one line a person can read
 */
public record RoutingDecision(String rule, double score, String reason) {

    public RoutingDecision {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
    }
}
