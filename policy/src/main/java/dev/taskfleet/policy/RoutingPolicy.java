package dev.taskfleet.policy;

import dev.taskfleet.contract.EscalationRequest;
import dev.taskfleet.contract.Task;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A validated routing policy: ordered tiers, first-match-wins rules, the complexity heuristic
 * for tasks no rule claims, per-team caps, and adaptive routing. Immutable and thread-safe;
 * {@link #decide} is a pure function of the task and the outcome statistics it is given.
 *
 * <p>Decision order: the submitter's tier hint (unless the team's hint mode is {@code ignored}),
 * then the rules in file order, then the heuristic. A rule or heuristic decision is capped at the
 * team's {@code maxTier} and then, with adaptive routing enabled, moved up past tiers on which
 * the task type has recently been failing. The file format is documented in the policy README.
 */
public final class RoutingPolicy {

    private static final String MATCHED_EVERY_TASK = "every task";

    private final List<String> tiers;
    private final Set<String> batchTiers;
    private final TeamLimits defaultLimits;
    private final Map<String, TeamLimits> teamLimits;
    private final List<Rule> rules;
    private final Heuristic heuristic;
    private final AdaptiveSettings adaptive;
    private final List<String> ruleIds;

    RoutingPolicy(List<String> tiers, Set<String> batchTiers, TeamLimits defaultLimits, Map<String, TeamLimits> teamLimits, List<Rule> rules,
            Heuristic heuristic, AdaptiveSettings adaptive) {
        this.tiers = List.copyOf(tiers);
        this.batchTiers = Set.copyOf(batchTiers);
        this.defaultLimits = defaultLimits;
        this.teamLimits = Map.copyOf(teamLimits);
        this.rules = List.copyOf(rules);
        this.heuristic = heuristic;
        this.adaptive = adaptive;
        List<String> ids = new ArrayList<>();
        ids.add(PolicyDecision.TIER_HINT);
        rules.forEach(rule -> ids.add(rule.id()));
        ids.add(PolicyDecision.HEURISTIC);
        ids.add(PolicyDecision.ADAPTIVE);
        ids.add(PolicyDecision.ESCALATION);
        this.ruleIds = List.copyOf(ids);
    }

    /** Reads and validates a policy file (UTF-8 YAML). */
    public static RoutingPolicy load(Path file) throws PolicyException {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PolicyException(file.toString(), 0, "cannot read the policy file: " + e);
        }
        return parse(yaml, file.toString());
    }

    /**
     * Validates a policy given as text.
     *
     * @param sourceName what error messages call the text, usually its file name
     */
    public static RoutingPolicy parse(String yaml, String sourceName) throws PolicyException {
        return PolicyReader.read(YamlTreeReader.read(yaml, sourceName));
    }

    /**
     * The bundled {@code default-policy.yaml}, written for tiers {@code fast, quality}, adapted to
     * the given tiers: its {@code fast} rules go to the cheapest tier, its {@code quality} rules to
     * the most capable one, and the heuristic's thresholds are spread over the tiers above the
     * cheapest.
     */
    public static RoutingPolicy defaultPolicy(List<String> tierOrder) throws PolicyException {
        return DefaultPolicy.forTiers(tierOrder);
    }

    /** The tiers, cheapest first. */
    public List<String> tiers() {
        return tiers;
    }

    /** The tiers served through a provider's batch API ({@code batchTiers}); only rules and hints place work there. */
    public Set<String> batchTiers() {
        return batchTiers;
    }

    /**
     * Every rule id a decision can carry, for metric tags: {@code tier-hint}, the policy's rules
     * in order, {@code heuristic}, {@code adaptive}, and {@code escalation} (recorded by the router
     * on tasks placed after {@link #escalate}).
     */
    public List<String> ruleIds() {
        return ruleIds;
    }

    /** Whether {@link #decide} looks at {@link OutcomeStats}; when not, the router needs no history. */
    public boolean adaptiveEnabled() {
        return adaptive.enabled();
    }

    /** How much result history adaptive routing looks at, so the router knows how much to replay on start. */
    public Duration adaptiveWindow() {
        return adaptive.window();
    }

    /** The tier a task runs on first, and why. Never fails: some tier always takes the task. */
    public PolicyDecision decide(Task task, OutcomeStats stats) {
        TaskView view = new TaskView(task);
        TeamLimits limits = limitsFor(task.team());
        String hint = task.tierHint();
        int hintIndex = hint == null ? -1 : tiers.indexOf(hint);
        String hintNote = "";
        if (hintIndex >= 0) {
            if (limits.hints() == HintMode.ALLOWED
                    || (limits.hints() == HintMode.CAPPED && onlineRank(hintIndex) <= limits.maxTierIndex())) {
                return new PolicyDecision(hint, PolicyDecision.TIER_HINT, 0, Map.of(),
                        "the submitter asked for the " + hint + " tier");
            }
            if (limits.hints() == HintMode.CAPPED) {
                String cap = tiers.get(limits.maxTierIndex());
                return new PolicyDecision(cap, PolicyDecision.TIER_HINT, 0, Map.of(), "the submitter asked for the "
                        + hint + " tier, but team '" + task.team() + "' is capped at " + cap);
            }
            hintNote = " (tier hint " + hint + " ignored by policy)";
        }
        Routing routing = ruleOrHeuristic(view);
        if (onlineRank(routing.tier) > limits.maxTierIndex()) {
            routing.explanation += "; team '" + task.team() + "' is capped at " + tiers.get(limits.maxTierIndex());
            routing.tier = limits.maxTierIndex();
        }
        if (adaptive.enabled()) {
            adapt(routing, task.type() == null ? "" : task.type(), limits, stats);
        }
        return new PolicyDecision(tiers.get(routing.tier), routing.rule, routing.score, routing.features,
                routing.explanation + hintNote);
    }

    /**
     * Where a task goes after a worker gave up on it: the next on-line tier up (batch tiers are
     * passed over: a task that failed once should not wait hours again), unless the task has used its
     * team's attempts, is on the highest tier, or the next tier is above the team's cap. From a
     * batch tier that is the on-line tier after it, a stronger model than the batch tier's.
     */
    public EscalationDecision escalate(EscalationRequest request) {
        Task task = request.task();
        TeamLimits limits = limitsFor(task.team());
        String from = request.fromTier();
        String failure = request.error().code() + " on " + from;
        int calls = request.history().size();
        if (calls >= limits.maxAttempts()) {
            return refuse(failure + "; no further attempt: " + calls + " model calls made and team '" + task.team()
                    + "' allows " + limits.maxAttempts() + " per task");
        }
        int index = tiers.indexOf(from);
        if (index < 0) {
            return refuse(failure + "; tier " + from + " is not one of the policy's tiers " + tiers);
        }
        int nextIndex = nextOnline(index);
        if (nextIndex >= tiers.size()) {
            return refuse(failure + "; " + from + " is the highest tier" + (nextIndex == index + 1 ? ""
                    : " taking escalations (batch tiers take none)"));
        }
        if (nextIndex > limits.maxTierIndex()) {
            return refuse(failure + "; team '" + task.team() + "' is capped at " + tiers.get(limits.maxTierIndex()));
        }
        String next = tiers.get(nextIndex);
        return new EscalationDecision(Optional.of(next), "escalated from " + from + " to " + next + " after "
                + request.error().code() + " (" + calls + " of " + limits.maxAttempts() + " model calls used)");
    }

    /** The first tier above {@code index} that is not a batch tier, or {@code tiers.size()}. */
    private int nextOnline(int index) {
        int next = index + 1;
        while (next < tiers.size() && batchTiers.contains(tiers.get(next))) {
            next++;
        }
        return next;
    }

    /** A batch tier ranks as the on-line tier before it (the same model) when a team's cap is checked. */
    private int onlineRank(int index) {
        int rank = index;
        while (rank > 0 && batchTiers.contains(tiers.get(rank))) {
            rank--;
        }
        return rank;
    }

    private static EscalationDecision refuse(String reason) {
        return new EscalationDecision(Optional.empty(), reason);
    }

    private TeamLimits limitsFor(String team) {
        return teamLimits.getOrDefault(team, defaultLimits);
    }

    private Routing ruleOrHeuristic(TaskView view) {
        for (Rule rule : rules) {
            if (rule.match().matches(view)) {
                String on = rule.match().isEmpty() ? MATCHED_EVERY_TASK : rule.match().canonical();
                String waits = rule.match().deadline() == null ? ""
                        : " (the submitter waits up to " + DurationText.of(view.task.deadline()) + ")";
                return new Routing(rule.tierIndex(), rule.id(), 0, Map.of(), "rule '" + rule.id() + "' matched " + on
                        + waits + (rule.description() == null ? "" : ": " + rule.description()));
            }
        }
        Heuristic.Assessment assessment = heuristic.assess(view);
        return new Routing(assessment.tierIndex(), PolicyDecision.HEURISTIC, assessment.score(),
                assessment.features(), assessment.explanation());
    }

    /** Moves the decision up while the type's recent success rate on its tier is too low. */
    private void adapt(Routing routing, String type, TeamLimits limits, OutcomeStats stats) {
        int from = routing.tier;
        StringBuilder why = new StringBuilder();
        while (nextOnline(routing.tier) <= limits.maxTierIndex()) {
            String tier = tiers.get(routing.tier);
            Optional<SuccessRate> rate = stats.successRate(type, tier);
            if (rate.isEmpty() || rate.get().samples() < adaptive.minSamples()
                    || rate.get().ratio() >= adaptive.minSuccessRate()) {
                break;
            }
            why.append(why.length() == 0 ? "" : "; ").append(type).append(" on ").append(tier).append(": ")
                    .append(rate.get().successes()).append('/').append(rate.get().samples()).append(" succeeded (")
                    .append(percent(rate.get().ratio())).append(") in the last ").append(DurationText.of(adaptive.window()))
                    .append(", below ").append(percent(adaptive.minSuccessRate()));
            routing.tier = nextOnline(routing.tier);
        }
        if (routing.tier != from) {
            routing.explanation = why + "; sent to " + tiers.get(routing.tier) + " (" + routing.rule + " chose "
                    + tiers.get(from) + ")";
            routing.rule = PolicyDecision.ADAPTIVE;
        }
    }

    private static String percent(double ratio) {
        return Math.round(ratio * 100) + "%";
    }

    /** A decision under construction: capping and adaptive routing adjust it before it is frozen. */
    private static final class Routing {
        int tier;
        String rule;
        final double score;
        final Map<String, Double> features;
        String explanation;

        Routing(int tier, String rule, double score, Map<String, Double> features, String explanation) {
            this.tier = tier;
            this.rule = rule;
            this.score = score;
            this.features = features;
            this.explanation = explanation;
        }
    }
}
