package dev.taskfleet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskfleet.contract.TopicNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a parsed policy file into a {@link RoutingPolicy}, checking everything on the way:
 * a policy is read once at start-up, so this is the one moment a mistake can be refused with
 * its line number instead of silently misrouting tasks.
 */
final class PolicyReader {

    /** Fast's two asks, one retry of a transient error and the next tier's call (the default policy's). */
    static final int DEFAULT_MAX_ATTEMPTS = 4;
    static final HintMode DEFAULT_HINTS = HintMode.CAPPED;

    private static final Set<String> TOP_FIELDS = Set.of("version", "tiers", "tierHints", "maxAttempts", "teams",
            "rules", "heuristic", "adaptive", "batchTiers");
    private static final Set<String> TEAM_FIELDS = Set.of("maxTier", "maxAttempts", "tierHints");
    private static final Set<String> ADAPTIVE_FIELDS = Set.of("enabled", "window", "minSamples", "minSuccessRate");

    private final Fields fields;

    private PolicyReader(PolicySource source) {
        this.fields = new Fields(source);
    }

    static RoutingPolicy read(YamlTreeReader.Parsed parsed) throws PolicyException {
        return new PolicyReader(parsed.source()).read(parsed.root());
    }

    private RoutingPolicy read(ObjectNode root) throws PolicyException {
        fields.object(root, "", TOP_FIELDS);
        if (root.has("version") && fields.integer(root.get("version"), "version", 1) != 1) {
            throw fields.source().error("version", "unsupported policy version " + root.get("version").asText()
                    + "; this release reads version 1");
        }
        List<String> tiers = tiers(root.get("tiers"));
        Set<String> batchTiers = batchTiers(root.get("batchTiers"), tiers);
        HintMode hints = root.has("tierHints") ? hintMode(root.get("tierHints"), "tierHints") : DEFAULT_HINTS;
        int maxAttempts = root.has("maxAttempts")
                ? (int) fields.integer(root.get("maxAttempts"), "maxAttempts", 1) : DEFAULT_MAX_ATTEMPTS;
        TeamLimits defaults = new TeamLimits(tiers.size() - 1, maxAttempts, hints);
        RuleReader rules = new RuleReader(fields, tiers);
        return new RoutingPolicy(tiers, batchTiers, defaults, teams(root.get("teams"), defaults, rules, batchTiers),
                rules.read(root.get("rules")), new HeuristicReader(fields, tiers, batchTiers).read(root.get("heuristic")),
                adaptive(root.get("adaptive")));
    }

    private List<String> tiers(JsonNode node) throws PolicyException {
        if (node == null) {
            throw fields.source().error("", "the policy has no 'tiers': list the tiers, cheapest first");
        }
        if (!node.isArray() || node.isEmpty()) {
            throw fields.source().error("tiers", "'tiers' must list at least one tier, cheapest first");
        }
        List<String> tiers = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = Fields.index("tiers", i);
            String tier = fields.text(node.get(i), path);
            try {
                TopicNames.requireValidTier(tier);
            } catch (IllegalArgumentException e) {
                throw fields.source().error(path, e.getMessage());
            }
            if (tiers.contains(tier)) {
                throw fields.source().error(path, "tier '" + tier + "' is listed twice");
            }
            tiers.add(tier);
        }
        return List.copyOf(tiers);
    }

    /**
     * The tiers served through a provider's batch API. Each comes right after the on-line tier of the
     * same model (or another batch tier of it), so the tier order still says which model is
     * stronger; the heuristic, adaptive routing and escalation pass over them, and only rules (and
     * tier hints) place work there.
     */
    private Set<String> batchTiers(JsonNode node, List<String> tiers) throws PolicyException {
        if (node == null) {
            return Set.of();
        }
        Set<String> batchTiers = new HashSet<>();
        List<String> names = fields.texts(node, "batchTiers");
        for (int i = 0; i < names.size(); i++) {
            String path = node.isArray() ? Fields.index("batchTiers", i) : "batchTiers";
            String tier = names.get(i);
            int index = tiers.indexOf(tier);
            if (index < 0) {
                throw fields.source().error(path, "unknown tier '" + tier + "' in batchTiers; the tiers are " + tiers);
            }
            if (index == 0) {
                throw fields.source().error(path, "batch tier '" + tier + "' is the first tier; list it right after"
                        + " the on-line tier of the same model, which takes the work that cannot wait");
            }
            if (!batchTiers.add(tier)) {
                throw fields.source().error(path, "tier '" + tier + "' is listed twice in batchTiers");
            }
        }
        return Set.copyOf(batchTiers);
    }

    private HintMode hintMode(JsonNode node, String path) throws PolicyException {
        String text = fields.text(node, path);
        for (HintMode mode : HintMode.values()) {
            if (mode.yamlName().equals(text.toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw fields.source().error(path, "'" + path + "' must be allowed, capped or ignored, not '" + text + "'");
    }

    private Map<String, TeamLimits> teams(JsonNode node, TeamLimits defaults, RuleReader rules, Set<String> batchTiers)
            throws PolicyException {
        Map<String, TeamLimits> teams = new HashMap<>();
        if (node == null) {
            return teams;
        }
        ObjectNode object = fields.object(node, "teams");
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            String path = Fields.child("teams", entry.getKey());
            ObjectNode team = fields.object(entry.getValue(), path, TEAM_FIELDS);
            int maxTier = team.has("maxTier")
                    ? rules.tierIndex(team.get("maxTier"), Fields.child(path, "maxTier")) : defaults.maxTierIndex();
            if (team.has("maxTier") && batchTiers.contains(team.get("maxTier").asText())) {
                throw fields.source().error(Fields.child(path, "maxTier"), "maxTier '" + team.get("maxTier").asText()
                        + "' is a batch tier; cap the team at the on-line tier of that model");
            }
            int maxAttempts = team.has("maxAttempts")
                    ? (int) fields.integer(team.get("maxAttempts"), Fields.child(path, "maxAttempts"), 1)
                    : defaults.maxAttempts();
            HintMode hints = team.has("tierHints")
                    ? hintMode(team.get("tierHints"), Fields.child(path, "tierHints")) : defaults.hints();
            teams.put(entry.getKey(), new TeamLimits(maxTier, maxAttempts, hints));
        }
        return teams;
    }

    private AdaptiveSettings adaptive(JsonNode node) throws PolicyException {
        AdaptiveSettings defaults = AdaptiveSettings.DEFAULT;
        if (node == null) {
            return defaults;
        }
        ObjectNode object = fields.object(node, "adaptive", ADAPTIVE_FIELDS);
        boolean enabled = object.has("enabled") ? fields.bool(object.get("enabled"), "adaptive.enabled")
                : defaults.enabled();
        var window = object.has("window") ? fields.duration(object.get("window"), "adaptive.window") : defaults.window();
        long minSamples = object.has("minSamples")
                ? fields.integer(object.get("minSamples"), "adaptive.minSamples", 1) : defaults.minSamples();
        double minRate = defaults.minSuccessRate();
        if (object.has("minSuccessRate")) {
            minRate = fields.number(object.get("minSuccessRate"), "adaptive.minSuccessRate");
            if (minRate <= 0 || minRate > 1) {
                throw fields.source().error("adaptive.minSuccessRate", "'adaptive.minSuccessRate' must be above 0"
                        + " and at most 1 (a ratio, 0.8 = 80%), was " + minRate);
            }
        }
        return new AdaptiveSettings(enabled, window, minSamples, minRate);
    }
}
