package dev.taskfleet.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Shares of a tier's completions between teams, from each task's {@code finishedAt}: in fixed
 * windows, over an interval, and when a late team's share in a sliding window settles. A window
 * with no completion at all gives every team a share of 0 (the tier finished nothing for anyone).
 */
public final class Shares {

    /** An equal share between two teams, 50%, less 15% of it. */
    public static final double EQUAL_LOW = 0.425;
    /** An equal share between two teams, 50%, plus 15% of it. */
    public static final double EQUAL_HIGH = 0.575;

    private Shares() {
    }

    /** One task's first result: its team and when it finished, epoch ms. */
    public record Completion(String team, long finishedMs) {
    }

    /** When a team's share in a sliding window first reached the threshold and when it settled there, in s after the start. */
    public record Settling(OptionalDouble firstReached, OptionalDouble settled) {
    }

    /** {@code team}'s share of the completions finished in {@code [fromMs, toMs)}. */
    public static double share(List<Completion> completions, String team, long fromMs, long toMs) {
        int all = 0;
        int mine = 0;
        for (Completion completion : completions) {
            if (completion.finishedMs() >= fromMs && completion.finishedMs() < toMs) {
                all++;
                if (completion.team().equals(team)) {
                    mine++;
                }
            }
        }
        return all == 0 ? 0 : (double) mine / all;
    }

    /** {@code team}'s share in each whole window {@code [start + k w, start + (k+1) w)} that ends by {@code endMs}. */
    public static List<Double> fixedWindows(List<Completion> completions, String team, long startMs, long endMs,
            long windowMs) {
        List<Double> shares = new ArrayList<>();
        for (long from = startMs; from + windowMs <= endMs; from += windowMs) {
            shares.add(share(completions, team, from, from + windowMs));
        }
        return shares;
    }

    /**
     * Where {@code team}'s share of the last {@code windowMs} before each moment {@code startMs +
     * windowMs + k stepMs} (up to {@code endMs}) reaches {@code threshold}: the first such moment, and
     * the first from which it stays at or above it at every later moment up to {@code endMs}. Both
     * in seconds after {@code startMs}, so never less than the window; empty if it never does.
     */
    public static Settling settling(List<Completion> completions, String team, long startMs, long endMs, long windowMs,
            long stepMs, double threshold) {
        OptionalDouble first = OptionalDouble.empty();
        OptionalDouble settled = OptionalDouble.empty();
        for (long at = startMs + windowMs; at <= endMs; at += stepMs) {
            boolean reached = share(completions, team, at - windowMs, at) >= threshold;
            double seconds = (at - startMs) / 1000.0;
            if (reached && first.isEmpty()) {
                first = OptionalDouble.of(seconds);
            }
            if (!reached) {
                settled = OptionalDouble.empty();
            } else if (settled.isEmpty()) {
                settled = OptionalDouble.of(seconds);
            }
        }
        return new Settling(first, settled);
    }

    /**
     * {@code team}'s share in the sliding windows of {@link #settling} whose end is at least
     * {@code fromSeconds} after {@code startMs}, in order.
     */
    public static List<Double> slidingFrom(List<Completion> completions, String team, long startMs, long endMs,
            long windowMs, long stepMs, double fromSeconds) {
        List<Double> shares = new ArrayList<>();
        for (long at = startMs + windowMs; at <= endMs; at += stepMs) {
            if (at - startMs >= fromSeconds * 1000) {
                shares.add(share(completions, team, at - windowMs, at));
            }
        }
        return shares;
    }

    /** Whether a share is within 15% of an equal share between two teams. */
    public static boolean nearEqual(double share) {
        return share >= EQUAL_LOW && share <= EQUAL_HIGH;
    }
}
