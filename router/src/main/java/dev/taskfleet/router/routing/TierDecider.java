package dev.taskfleet.router.routing;

import dev.taskfleet.contract.Task;
import dev.taskfleet.policy.OutcomeStats;
import dev.taskfleet.policy.PolicyDecision;
import dev.taskfleet.policy.RoutingPolicy;

/**
 * Decides one task's tier: the routing policy applied with the outcome statistics the router
 * currently holds. A seam so the Kafka path can time decisions while the explain endpoint does not.
 */
@FunctionalInterface
public interface TierDecider {

    PolicyDecision decide(Task task);

    /** The policy consulted with {@code stats} ({@link OutcomeStats#NONE} when adaptive routing is off). */
    static TierDecider of(RoutingPolicy policy, OutcomeStats stats) {
        return task -> policy.decide(task, stats);
    }
}
