package dev.taskfleet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code heuristic} section. Every part is optional and falls back to the values the
 * bundled default policy spells out, so a small policy file that only adds rules still routes
 * unclaimed tasks sensibly.
 */
final class HeuristicReader {

    static final Map<String, Double> DEFAULT_WEIGHTS = Map.of("estimatedTokens", 0.002, "codeLines", 0.05,
            "fencedBlocks", 0.25, "filesTouched", 0.5, "seniorSignals", 2.0, "juniorSignals", -1.0);
    /** Without configured thresholds, each tier above the cheapest needs this many more points than the one below. */
    static final double DEFAULT_THRESHOLD_STEP = 2.0;
    static final List<String> DEFAULT_SENIOR = List.of("architect", "design trade-off", "trade-off", "tradeoff",
            "security", "vulnerab", "exploit", "threat model", "performance", "latency", "concurren", "race",
            "deadlock", "thread-safe", "migrat", "scalab", "distributed", "consistency");
    static final List<String> DEFAULT_JUNIOR = List.of("rename", "renaming", "format", "boilerplate", "scaffold",
            "docstring", "test stub", "typo", "lint", "getter", "setter", "changelog", "comment");

    private static final Set<String> FIELDS = Set.of("weights", "thresholds", "seniorSignals", "juniorSignals");

    private final Fields fields;
    private final List<String> tiers;
    private final Set<String> batchTiers;

    HeuristicReader(Fields fields, List<String> tiers, Set<String> batchTiers) {
        this.fields = fields;
        this.tiers = tiers;
        this.batchTiers = batchTiers;
    }

    Heuristic read(JsonNode node) throws PolicyException {
        String path = "heuristic";
        ObjectNode object = node == null ? null : fields.object(node, path, FIELDS);
        double[] weights = weights(object == null ? null : object.get("weights"), Fields.child(path, "weights"));
        double[] thresholds = thresholds(object == null ? null : object.get("thresholds"),
                Fields.child(path, "thresholds"));
        List<String> senior = signals(object == null ? null : object.get("seniorSignals"),
                Fields.child(path, "seniorSignals"), DEFAULT_SENIOR);
        List<String> junior = signals(object == null ? null : object.get("juniorSignals"),
                Fields.child(path, "juniorSignals"), DEFAULT_JUNIOR);
        Set<String> seniorNormalized = new HashSet<>();
        senior.forEach(signal -> seniorNormalized.add(SignalScanner.normalize(signal)));
        for (int i = 0; i < junior.size(); i++) {
            if (seniorNormalized.contains(SignalScanner.normalize(junior.get(i)))) {
                throw fields.source().error(Fields.index(Fields.child(path, "juniorSignals"), i), "signal '"
                        + junior.get(i) + "' is listed as senior and as junior");
            }
        }
        try {
            return new Heuristic(weights, thresholds, senior, junior, tiers);
        } catch (IllegalArgumentException e) {
            throw fields.source().error(path, e.getMessage());
        }
    }

    private double[] weights(JsonNode node, String path) throws PolicyException {
        double[] weights = new double[Heuristic.WEIGHTED.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = DEFAULT_WEIGHTS.get(Heuristic.WEIGHTED.get(i));
        }
        if (node != null) {
            ObjectNode object = fields.object(node, path, Set.copyOf(Heuristic.WEIGHTED));
            for (Map.Entry<String, JsonNode> entry : object.properties()) {
                weights[Heuristic.WEIGHTED.indexOf(entry.getKey())] =
                        fields.number(entry.getValue(), Fields.child(path, entry.getKey()));
            }
        }
        return weights;
    }

    private double[] thresholds(JsonNode node, String path) throws PolicyException {
        double[] thresholds = new double[tiers.size()];
        Arrays.fill(thresholds, Double.NaN);
        if (node == null) {
            // Batch tiers keep NaN: the heuristic never sends work to them, whatever its score.
            int step = 0;
            for (int i = 1; i < thresholds.length; i++) {
                if (!batchTiers.contains(tiers.get(i))) {
                    thresholds[i] = DEFAULT_THRESHOLD_STEP * ++step;
                }
            }
            return thresholds;
        }
        ObjectNode object = fields.object(node, path);
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            String tierPath = Fields.child(path, entry.getKey());
            int tier = tiers.indexOf(entry.getKey());
            if (tier < 0) {
                throw fields.source().error(tierPath, "unknown tier '" + entry.getKey() + "'; the tiers are " + tiers);
            }
            if (batchTiers.contains(entry.getKey())) {
                throw fields.source().error(tierPath, "'" + entry.getKey() + "' is a batch tier: only rules with a"
                        + " deadline condition (or tier hints) send work there, so it cannot have a threshold");
            }
            if (tier == 0) {
                throw fields.source().error(tierPath, "the cheapest tier '" + entry.getKey()
                        + "' takes every score below the next threshold; it cannot have one");
            }
            double value = fields.number(entry.getValue(), tierPath);
            if (value <= 0) {
                throw fields.source().error(tierPath, "threshold of '" + entry.getKey() + "' must be above 0, was "
                        + value);
            }
            thresholds[tier] = value;
        }
        double previous = 0;
        String previousTier = tiers.get(0);
        for (int i = 1; i < thresholds.length; i++) {
            if (Double.isNaN(thresholds[i])) {
                continue;
            }
            if (thresholds[i] <= previous) {
                throw fields.source().error(Fields.child(path, tiers.get(i)), "threshold out of order: "
                        + tiers.get(i) + " (" + Heuristic.format(thresholds[i]) + ") must be above " + previousTier
                        + " (" + Heuristic.format(previous) + ") because it comes later in the tier order");
            }
            previous = thresholds[i];
            previousTier = tiers.get(i);
        }
        return thresholds;
    }

    private List<String> signals(JsonNode node, String path, List<String> defaults) throws PolicyException {
        if (node == null) {
            return defaults;
        }
        if (!node.isArray()) {
            throw fields.source().error(path, "'" + path + "' must be a list of words");
        }
        List<String> signals = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String itemPath = Fields.index(path, i);
            String signal = fields.text(node.get(i), itemPath);
            try {
                if (!seen.add(SignalScanner.normalize(signal))) {
                    throw fields.source().error(itemPath, "signal '" + signal + "' is listed twice");
                }
            } catch (IllegalArgumentException e) {
                throw fields.source().error(itemPath, e.getMessage());
            }
            signals.add(signal);
        }
        return signals;
    }
}
