package dev.taskfleet.benchmarks.batchtier;

import dev.taskfleet.benchmarks.PolicyFiles;
import dev.taskfleet.policy.PolicyException;
import dev.taskfleet.policy.RoutingPolicy;
import java.util.List;

/**
 * The two ways the benchmark runs the demo batch, each a policy file the packaged router loads.
 * Both are the bundled default policy; the batch one changes two lines: the tier list gains
 * {@value #BATCH_TIER}, and the {@code mechanical-chores} rule (a rule on the task's type) sends
 * its work there instead of to {@code fast}. The heuristic has no threshold for the batch tier, so
 * nothing else goes there first. Escalation climbs the tier list, so a chore that fails on the
 * batch tier goes on to quality, and a task that fails on fast goes to the batch tier next.
 */
public enum BatchTierScenario {

    ON_LINE("all-on-line", "the default policy: every task on an on-line tier", List.of("fast", "quality"),
            PolicyFiles.defaultPolicy()),
    BULK_ON_BATCH("bulk-on-batch", "the default policy with the mechanical chores on fast-batch",
            List.of("fast", BatchTierScenario.BATCH_TIER, "quality"), bulkOnBatch());

    /** The batch tier: fast's model through a provider batch API, at the batch price. */
    public static final String BATCH_TIER = "fast-batch";

    private final String id;
    private final String description;
    private final List<String> tiers;
    private final String policyYaml;

    BatchTierScenario(String id, String description, List<String> tiers, String policyYaml) {
        this.id = id;
        this.description = description;
        this.tiers = tiers;
        this.policyYaml = policyYaml;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** The fleet's tiers, cheapest first, as the policy lists them. */
    public List<String> tiers() {
        return tiers;
    }

    /** The policy file's text. */
    public String policyYaml() {
        return policyYaml;
    }

    /** The policy, parsed as the router parses it. */
    public RoutingPolicy policy() {
        try {
            return RoutingPolicy.parse(policyYaml, id + ".yaml");
        } catch (PolicyException e) {
            throw new IllegalStateException("the " + id + " policy does not load: " + e.getMessage(), e);
        }
    }

    private static String bulkOnBatch() {
        String withTier = PolicyFiles.edited(PolicyFiles.defaultPolicy(), "(?m)^tiers: \\[fast, quality\\]$",
                "tiers: [fast, " + BATCH_TIER + ", quality]");
        return PolicyFiles.edited(withTier, "(?m)^(  - id: mechanical-chores\\n    tier: )fast$", "$1" + BATCH_TIER);
    }
}
