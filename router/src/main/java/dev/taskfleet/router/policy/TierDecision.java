package dev.taskfleet.router.policy;

import dev.taskfleet.contract.RoutingDecision;
import java.util.Objects;

/**
 * The outcome of a {@link TierPolicy}: where a task goes and the decision recorded on the routed
 * task.
 *
 * @param tier    one of the configured tiers
 * @param routing rule id, score and a reason a person can read
 */
public record TierDecision(String tier, RoutingDecision routing) {

    /**
     * The score of every rule in this rule set. {@link RoutingDecision#score()} is the complexity
     * score behind a decision, and no rule here computes one; the complexity heuristic will.
     */
    public static final double NO_SCORE = 0.0;

    public TierDecision {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(routing, "routing");
    }

    static TierDecision unscored(String tier, String rule, String reason) {
        return new TierDecision(tier, new RoutingDecision(rule, NO_SCORE, reason));
    }

    public String rule() {
        return routing.rule();
    }
}
