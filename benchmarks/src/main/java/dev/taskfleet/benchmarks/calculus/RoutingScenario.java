package dev.taskfleet.benchmarks.calculus;

import dev.taskfleet.benchmarks.PolicyFiles;
import dev.taskfleet.policy.PolicyException;
import dev.taskfleet.policy.RoutingPolicy;
import java.util.Arrays;
import java.util.List;

/**
 * The routing policies the calculus compares, each a policy file the packaged router loads. The
 * routed ones are the bundled default policy, edited in two places only: {@code maxAttempts: 1}
 * turns escalation off (the router refuses to place a task again once it has made one call), and
 * {@code adaptive.enabled: true} turns adaptive routing on.
 */
public enum RoutingScenario {

    ALL_FAST("all-fast", "every task on fast, no escalation", everythingOn("fast", 1)),
    ALL_QUALITY("all-quality", "every task on quality", everythingOn("quality", 1)),
    ROUTED("routed", "the default policy, no escalation",
            PolicyFiles.edited(PolicyFiles.defaultPolicy(), "(?m)^maxAttempts: 4$", "maxAttempts: 1")),
    ROUTED_ESCALATION("routed+escalation", "the default policy as shipped: escalation on", PolicyFiles.defaultPolicy()),
    ADAPTIVE("adaptive", "the default policy with adaptive routing on, escalation on",
            PolicyFiles.edited(PolicyFiles.defaultPolicy(), "(?m)^  enabled: false$", "  enabled: true")),
    CASCADE("cascade", "every task starts on fast and escalates on failure", everythingOn("fast", 4));

    /** The tiers every scenario runs, cheapest first. */
    public static final List<String> TIERS = List.of("fast", "quality");

    private final String id;
    private final String description;
    private final String policyYaml;

    RoutingScenario(String id, String description, String policyYaml) {
        this.id = id;
        this.description = description;
        this.policyYaml = policyYaml;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** The policy file's text. */
    public String policyYaml() {
        return policyYaml;
    }

    /** Whether a task may run on a second tier after failing on its first. */
    public boolean escalates() {
        return this != ALL_FAST && this != ALL_QUALITY && this != ROUTED;
    }

    /** Whether the first tier depends on outcomes seen so far, so it cannot be predicted from the task alone. */
    public boolean adaptive() {
        return this == ADAPTIVE;
    }

    /** The policy, parsed as the router parses it. */
    public RoutingPolicy policy() {
        try {
            return RoutingPolicy.parse(policyYaml, id + ".yaml");
        } catch (PolicyException e) {
            throw new IllegalStateException("the " + id + " policy does not load: " + e.getMessage(), e);
        }
    }

    /** The scenario with this id. */
    public static RoutingScenario byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scenario '" + id + "'; known: "
                        + Arrays.stream(values()).map(RoutingScenario::id).toList()));
    }

    private static String everythingOn(String tier, int maxAttempts) {
        return "version: 1\ntiers: [fast, quality]\nmaxAttempts: " + maxAttempts + "\nrules:\n"
                + "  - id: everything\n    tier: " + tier + "\n";
    }
}
