package dev.taskfleet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads and checks the {@code rules} list. Besides each rule's own fields it refuses rules that
 * can never fire: first match wins, so a rule after a catch-all, or with the same match as an
 * earlier rule, is dead configuration that someone believes is in effect.
 */
final class RuleReader {

    static final Set<String> RESERVED_IDS = Set.of(PolicyDecision.TIER_HINT, PolicyDecision.HEURISTIC,
            PolicyDecision.ADAPTIVE, PolicyDecision.ESCALATION);
    private static final Pattern RULE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Set<String> RULE_FIELDS = Set.of("id", "tier", "match", "description");
    private static final Set<String> MATCH_FIELDS = Set.of("type", "labels", "team", "promptChars", "promptTokens",
            "prompt", "tierHint", "deadline");
    private static final Set<String> RANGE_FIELDS = Set.of("min", "max");

    private final Fields fields;
    private final List<String> tiers;

    RuleReader(Fields fields, List<String> tiers) {
        this.fields = fields;
        this.tiers = tiers;
    }

    List<Rule> read(JsonNode node) throws PolicyException {
        List<Rule> rules = new ArrayList<>();
        if (node == null || node.isNull()) {
            return rules;
        }
        if (!node.isArray()) {
            throw fields.source().error("rules", "'rules' must be a list of rules");
        }
        Map<String, String> pathOfId = new HashMap<>();
        Map<String, String> idOfCanonical = new HashMap<>();
        String catchAll = null;
        for (int i = 0; i < node.size(); i++) {
            String path = Fields.index("rules", i);
            Rule rule = readRule(node.get(i), path);
            PolicySource source = fields.source();
            String earlier = pathOfId.putIfAbsent(rule.id(), path);
            if (earlier != null) {
                throw source.error(Fields.child(path, "id"), "duplicate rule id '" + rule.id() + "' (first used on line "
                        + source.line(earlier) + ")");
            }
            if (catchAll != null) {
                throw source.error(path, "rule '" + rule.id() + "' is unreachable: rule '" + catchAll + "' on line "
                        + source.line(pathOfId.get(catchAll)) + " has an empty match and catches every task");
            }
            String sameMatch = idOfCanonical.putIfAbsent(rule.match().canonical(), rule.id());
            if (sameMatch != null) {
                throw source.error(path, "rule '" + rule.id() + "' is unreachable: rule '" + sameMatch + "' on line "
                        + source.line(pathOfId.get(sameMatch)) + " has the same match and comes first");
            }
            if (rule.match().isEmpty()) {
                catchAll = rule.id();
            }
            rules.add(rule);
        }
        return rules;
    }

    private Rule readRule(JsonNode node, String path) throws PolicyException {
        ObjectNode object = fields.object(node, path, RULE_FIELDS);
        String id = fields.text(object.get("id"), Fields.child(path, "id"));
        if (!RULE_ID.matcher(id).matches()) {
            throw fields.source().error(Fields.child(path, "id"), "rule id '" + id
                    + "' must be 1-64 characters of a-z, 0-9 or '-', starting with a letter or digit");
        }
        if (RESERVED_IDS.contains(id)) {
            throw fields.source().error(Fields.child(path, "id"), "rule id '" + id + "' is reserved for the engine's own"
                    + " decisions " + new TreeSet<>(RESERVED_IDS));
        }
        int tier = tierIndex(object.get("tier"), Fields.child(path, "tier"));
        JsonNode description = object.get("description");
        String text = description == null ? null : fields.text(description, Fields.child(path, "description"));
        JsonNode match = object.get("match");
        return new Rule(id, tier, readMatch(match, Fields.child(path, "match")), text);
    }

    int tierIndex(JsonNode node, String path) throws PolicyException {
        String tier = fields.text(node, path);
        int index = tiers.indexOf(tier);
        if (index < 0) {
            throw fields.source().error(path, "unknown tier '" + tier + "'; the tiers are " + tiers);
        }
        return index;
    }

    private Match readMatch(JsonNode node, String path) throws PolicyException {
        if (node == null || node.isNull()) {
            return new MatchBuilder().build();
        }
        ObjectNode object = fields.object(node, path, MATCH_FIELDS);
        MatchBuilder match = new MatchBuilder();
        if (object.has("type")) {
            String typePath = Fields.child(path, "type");
            List<String> globs = fields.texts(object.get("type"), typePath);
            for (String glob : globs) {
                match.types.add(glob(glob, typePath));
            }
        }
        if (object.has("labels")) {
            String labelsPath = Fields.child(path, "labels");
            ObjectNode labels = fields.object(object.get("labels"), labelsPath);
            if (labels.isEmpty()) {
                throw fields.source().error(labelsPath, "'" + labelsPath + "' must name at least one label");
            }
            for (Map.Entry<String, JsonNode> label : labels.properties()) {
                String labelPath = Fields.child(labelsPath, label.getKey());
                match.labels.put(label.getKey(), glob(fields.text(label.getValue(), labelPath), labelPath));
            }
        }
        if (object.has("team")) {
            match.teams.addAll(fields.texts(object.get("team"), Fields.child(path, "team")));
        }
        if (object.has("promptChars")) {
            long[] range = range(object.get("promptChars"), Fields.child(path, "promptChars"));
            match.minChars = range[0];
            match.maxChars = range[1];
        }
        if (object.has("promptTokens")) {
            long[] range = range(object.get("promptTokens"), Fields.child(path, "promptTokens"));
            match.minTokens = range[0];
            match.maxTokens = range[1];
        }
        if (object.has("prompt")) {
            String promptPath = Fields.child(path, "prompt");
            List<String> regexes = fields.texts(object.get("prompt"), promptPath);
            for (int i = 0; i < regexes.size(); i++) {
                match.prompt.add(regex(regexes.get(i), object.get("prompt").isArray() ? Fields.index(promptPath, i)
                        : promptPath));
            }
        }
        if (object.has("deadline")) {
            String deadlinePath = Fields.child(path, "deadline");
            ObjectNode range = fields.object(object.get("deadline"), deadlinePath, RANGE_FIELDS);
            if (range.isEmpty()) {
                throw fields.source().error(deadlinePath, "'" + deadlinePath + "' needs 'min', 'max' or both");
            }
            match.deadline = new DeadlineRange(
                    range.has("min") ? fields.duration(range.get("min"), Fields.child(deadlinePath, "min")) : null,
                    range.has("max") ? fields.duration(range.get("max"), Fields.child(deadlinePath, "max")) : null);
            if (match.deadline.min() != null && match.deadline.max() != null
                    && match.deadline.min().compareTo(match.deadline.max()) > 0) {
                throw fields.source().error(deadlinePath, "'" + deadlinePath + "' has min "
                        + DurationText.of(match.deadline.min()) + " above max " + DurationText.of(match.deadline.max()));
            }
        }
        if (object.has("tierHint")) {
            String hintPath = Fields.child(path, "tierHint");
            for (String hint : fields.texts(object.get("tierHint"), hintPath)) {
                if (!tiers.contains(hint)) {
                    throw fields.source().error(hintPath, "unknown tier '" + hint + "' in tierHint; the tiers are "
                            + tiers);
                }
                match.tierHints.add(hint);
            }
        }
        return match.build();
    }

    private Glob glob(String text, String path) throws PolicyException {
        try {
            return Glob.of(text);
        } catch (IllegalArgumentException e) {
            throw fields.source().error(path, e.getMessage());
        }
    }

    private Pattern regex(String text, String path) throws PolicyException {
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw fields.source().error(path, "bad pattern '" + text + "': " + e.getDescription()
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
        }
    }

    private long[] range(JsonNode node, String path) throws PolicyException {
        ObjectNode object = fields.object(node, path, RANGE_FIELDS);
        if (object.isEmpty()) {
            throw fields.source().error(path, "'" + path + "' needs 'min', 'max' or both");
        }
        long min = object.has("min") ? fields.integer(object.get("min"), Fields.child(path, "min"), 0) : 0;
        long max = object.has("max") ? fields.integer(object.get("max"), Fields.child(path, "max"), 0) : Long.MAX_VALUE;
        if (min > max) {
            throw fields.source().error(path, "'" + path + "' has min " + min + " above max " + max);
        }
        return new long[] {min, max};
    }

    /** Collects conditions and derives the canonical text of the finished match. */
    private static final class MatchBuilder {
        final List<Glob> types = new ArrayList<>();
        final Map<String, Glob> labels = new LinkedHashMap<>();
        final Set<String> teams = new TreeSet<>();
        long minChars;
        long maxChars = Long.MAX_VALUE;
        long minTokens;
        long maxTokens = Long.MAX_VALUE;
        final List<Pattern> prompt = new ArrayList<>();
        final Set<String> tierHints = new TreeSet<>();
        DeadlineRange deadline;

        Match build() {
            Map<String, String> parts = new TreeMap<>();
            if (!types.isEmpty()) {
                parts.put("type", sortedText(types, true));
            }
            if (!labels.isEmpty()) {
                Map<String, String> sorted = new TreeMap<>();
                labels.forEach((name, glob) -> sorted.put(name, glob.toString().toLowerCase(Locale.ROOT)));
                parts.put("labels", sorted.toString());
            }
            if (!teams.isEmpty()) {
                parts.put("team", String.join("|", teams));
            }
            if (minChars > 0 || maxChars < Long.MAX_VALUE) {
                parts.put("promptChars", bounds(minChars, maxChars));
            }
            if (minTokens > 0 || maxTokens < Long.MAX_VALUE) {
                parts.put("promptTokens", bounds(minTokens, maxTokens));
            }
            if (!prompt.isEmpty()) {
                // Regexes are case-sensitive, so their text is compared as written.
                parts.put("prompt", sortedText(prompt, false));
            }
            if (!tierHints.isEmpty()) {
                parts.put("tierHint", String.join("|", tierHints));
            }
            if (deadline != null) {
                parts.put("deadline", deadline.toString());
            }
            StringBuilder canonical = new StringBuilder();
            parts.forEach((name, value) -> canonical.append(canonical.length() == 0 ? "" : ", ").append(name)
                    .append(' ').append(value));
            return new Match(List.copyOf(types), Map.copyOf(labels), Set.copyOf(teams), minChars, maxChars,
                    minTokens, maxTokens, List.copyOf(prompt), Set.copyOf(tierHints), deadline, canonical.toString());
        }

        private static String sortedText(List<?> values, boolean ignoreCase) {
            Set<String> sorted = new TreeSet<>();
            values.forEach(value -> sorted.add(ignoreCase ? value.toString().toLowerCase(Locale.ROOT) : value.toString()));
            return String.join("|", sorted);
        }

        private static String bounds(long min, long max) {
            return max == Long.MAX_VALUE ? ">=" + min : min == 0 ? "<=" + max : min + ".." + max;
        }
    }
}
