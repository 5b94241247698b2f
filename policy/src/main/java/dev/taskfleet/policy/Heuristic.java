package dev.taskfleet.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The complexity score for tasks no rule claims: a weighted sum of a few features that a person
 * can check by reading the prompt, floored at 0. The task goes to the highest tier whose
 * threshold the score reaches; the cheapest tier takes everything below the lowest threshold.
 *
 * <p>Features (all recorded on the decision): {@code promptChars}, {@code estimatedTokens}
 * (characters / 4), {@code codeLines} and {@code fencedBlocks} (see {@link PromptShape}),
 * {@code filesTouched}, and {@code seniorSignals} / {@code juniorSignals}, the number of distinct
 * signals of each list found in the task's type and prompt (see {@link SignalScanner}). Every
 * feature but {@code promptChars} has a weight; junior signals normally weigh negative.
 */
final class Heuristic {

    /** The weighted features, in the order of {@link #weights}. */
    static final List<String> WEIGHTED = List.of("estimatedTokens", "codeLines", "fencedBlocks", "filesTouched",
            "seniorSignals", "juniorSignals");

    private static final int TOKENS = 0;
    private static final int CODE_LINES = 1;
    private static final int FENCES = 2;
    private static final int FILES = 3;
    private static final int SENIOR = 4;
    private static final int JUNIOR = 5;
    private static final int NAMED_SIGNALS = 3;
    private static final int NAMED_CONTRIBUTIONS = 3;

    private final double[] weights;
    private final double[] thresholds;
    private final SignalScanner scanner;
    private final int seniorCount;
    private final List<String> tiers;

    /**
     * @param weights    one weight per entry of {@link #WEIGHTED}
     * @param thresholds per tier index, the smallest score that tier needs; {@code NaN} for a tier
     *                   the heuristic never chooses (always the cheapest tier, whose threshold is
     *                   implicitly 0); non-NaN values increase along the tier order
     * @param senior     the senior-judgement signals
     * @param junior     the junior-work signals
     */
    Heuristic(double[] weights, double[] thresholds, List<String> senior, List<String> junior, List<String> tiers) {
        this.weights = weights.clone();
        this.thresholds = thresholds.clone();
        List<String> all = new ArrayList<>(senior);
        all.addAll(junior);
        this.scanner = new SignalScanner(all);
        this.seniorCount = senior.size();
        this.tiers = List.copyOf(tiers);
    }

    /** The decision's score, tier, features and explanation. */
    record Assessment(double score, int tierIndex, Map<String, Double> features, String explanation) {
    }

    Assessment assess(TaskView view) {
        boolean[] found = new boolean[scanner.size()];
        scanner.scan(view.lowerType, found);
        scanner.scan(view.prompt, found);
        PromptShape shape = PromptShape.of(view.prompt);
        double[] values = new double[WEIGHTED.size()];
        values[TOKENS] = view.estimatedTokens;
        values[CODE_LINES] = shape.codeLines();
        values[FENCES] = shape.fencedBlocks();
        values[FILES] = shape.filesTouched();
        List<String> seniorFound = new ArrayList<>();
        List<String> juniorFound = new ArrayList<>();
        for (int i = 0; i < found.length; i++) {
            if (found[i]) {
                (i < seniorCount ? seniorFound : juniorFound).add(scanner.signal(i));
            }
        }
        values[SENIOR] = seniorFound.size();
        values[JUNIOR] = juniorFound.size();

        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[i] * weights[i];
        }
        // Built immutable at once: the decision would copy a mutable map into one anyway.
        Map<String, Double> features = Map.of("promptChars", (double) view.promptChars,
                WEIGHTED.get(TOKENS), values[TOKENS], WEIGHTED.get(CODE_LINES), values[CODE_LINES],
                WEIGHTED.get(FENCES), values[FENCES], WEIGHTED.get(FILES), values[FILES],
                WEIGHTED.get(SENIOR), values[SENIOR], WEIGHTED.get(JUNIOR), values[JUNIOR]);
        double score = Math.max(0, sum);
        int tier = tierFor(score);
        String explanation = "score " + format(score) + contributions(values, seniorFound, juniorFound) + "; "
                + placement(score, tier);
        return new Assessment(score, tier, features, explanation);
    }

    private int tierFor(double score) {
        int tier = 0;
        for (int i = 1; i < thresholds.length; i++) {
            if (!Double.isNaN(thresholds[i]) && score >= thresholds[i]) {
                tier = i;
            }
        }
        return tier;
    }

    private String placement(double score, int tier) {
        String reached = tier == 0 ? "" : "reaches the " + tiers.get(tier) + " threshold " + format(thresholds[tier]);
        for (int i = tier + 1; i < thresholds.length; i++) {
            if (!Double.isNaN(thresholds[i])) {
                String below = "below the " + tiers.get(i) + " threshold " + format(thresholds[i]);
                return reached.isEmpty() ? below + ", so " + tiers.get(tier) : reached + ", " + below;
            }
        }
        return reached.isEmpty() ? "no tier above " + tiers.get(0) + " has a threshold" : reached;
    }

    /** The largest contributions, biggest first, e.g. " from senior signals (security) +2.00". */
    private String contributions(double[] values, List<String> senior, List<String> junior) {
        // The features with a contribution, largest magnitude first, ties in feature order: an
        // insertion sort of at most six indices, which costs less per decision than sorting boxed
        // indices with a comparator. Double.compare on the negated magnitudes orders them exactly as
        // Comparator.comparingDouble did, NaN included.
        int[] order = new int[values.length];
        int count = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] * weights[i] != 0) {
                double key = -Math.abs(values[i] * weights[i]);
                int at = count++;
                while (at > 0 && Double.compare(-Math.abs(values[order[at - 1]] * weights[order[at - 1]]), key) > 0) {
                    order[at] = order[at - 1];
                    at--;
                }
                order[at] = i;
            }
        }
        if (count == 0) {
            return " (no signals)";
        }
        StringBuilder text = new StringBuilder(" from ");
        for (int n = 0; n < Math.min(NAMED_CONTRIBUTIONS, count); n++) {
            int i = order[n];
            double contribution = values[i] * weights[i];
            text.append(n == 0 ? "" : ", ").append(describe(i, values[i], senior, junior))
                    .append(contribution >= 0 ? " +" : " ").append(format(contribution));
        }
        return text.toString();
    }

    private static String describe(int feature, double value, List<String> senior, List<String> junior) {
        long count = (long) value;
        return switch (feature) {
            case TOKENS -> "~" + count + " tokens";
            case CODE_LINES -> count + " code lines";
            case FENCES -> count + " code blocks";
            case FILES -> count + " files";
            case SENIOR -> "senior signals (" + names(senior) + ")";
            default -> "junior signals (" + names(junior) + ")";
        };
    }

    private static String names(List<String> signals) {
        List<String> shown = signals.subList(0, Math.min(NAMED_SIGNALS, signals.size()));
        return String.join(", ", shown) + (signals.size() > shown.size() ? ", ..." : "");
    }

    /** Two decimals, like {@code %.2f} but without a Formatter: this runs several times per decision. */
    static String format(double value) {
        long hundredths = Math.round(Math.abs(value) * 100);
        long fraction = hundredths % 100;
        return (value < 0 && hundredths != 0 ? "-" : "") + hundredths / 100 + (fraction < 10 ? ".0" : ".") + fraction;
    }
}
