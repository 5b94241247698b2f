package dev.taskfleet.router.policy;

import dev.taskfleet.contract.Task;
import java.util.List;
import java.util.Optional;

/** Honours the submitter's tier hint when it names a configured tier. */
public final class TierHintRule implements RoutingRule {

    public static final String ID = "tier-hint";

    private final List<String> tiers;

    public TierHintRule(List<String> tiers) {
        this.tiers = List.copyOf(tiers);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Optional<TierDecision> apply(Task task) {
        String hint = task.tierHint();
        // The validator already refuses unknown hints; a policy used without it simply ignores them.
        if (hint == null || !tiers.contains(hint)) {
            return Optional.empty();
        }
        return Optional.of(TierDecision.unscored(hint, ID, "the submitter asked for the " + hint + " tier"));
    }
}
