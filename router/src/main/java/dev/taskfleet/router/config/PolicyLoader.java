package dev.taskfleet.router.config;

import dev.taskfleet.policy.PolicyException;
import dev.taskfleet.policy.RoutingPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Loads the routing policy the router runs with and checks it against the fleet's tiers. */
public final class PolicyLoader {

    private PolicyLoader() {
    }

    /**
     * The policy in {@code file}, or the bundled default adapted to {@code tierOrder}.
     *
     * @throws InvalidPolicyException with the policy module's {@code <file>:<line>: <problem>}
     *                                message, or naming the tier mismatch
     */
    public static RoutingPolicy load(Optional<Path> file, List<String> tierOrder) {
        RoutingPolicy policy;
        try {
            policy = file.isPresent() ? RoutingPolicy.load(file.get()) : RoutingPolicy.defaultPolicy(tierOrder);
        } catch (PolicyException e) {
            // The message is the whole story; a stack trace would bury it.
            throw new InvalidPolicyException("invalid routing policy: " + e.getMessage());
        }
        // Topics and workers exist per tier of taskfleet.tier-order: a policy tier outside it
        // would route tasks to a topic nobody created or reads.
        if (!policy.tiers().equals(tierOrder)) {
            throw new InvalidPolicyException("invalid routing policy: "
                    + file.map(Path::toString).orElse("the default policy") + ": its tiers " + policy.tiers()
                    + " differ from taskfleet.tier-order " + tierOrder + "; list the same tiers, cheapest first, in both");
        }
        return policy;
    }
}
