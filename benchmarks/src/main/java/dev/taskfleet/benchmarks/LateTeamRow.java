package dev.taskfleet.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * One mode of the late-team scenario.
 *
 * @param lanes            {@code off} or {@code on}
 * @param teamTasks        tasks of each team's batch
 * @param lateAfterSeconds how long after the first team's batch the late team submitted
 * @param observedSeconds  from the late team's submission to the first batch's last result or the
 *                         {@code --observe} cap
 * @param windowSeconds    the sliding window's length
 * @param settling         when the late team's share first reached 42.5% and when it settled there
 *                         (stayed at or above it to the end), seconds after its submission
 * @param shareSettled     the late team's share from the settling window's start to the end (0 if
 *                         it never settled)
 * @param shareObserved    its share over the whole observed interval
 * @param earlyDoneAtLate  tasks of the first team's batch finished when the late team submitted
 * @param repeats          second results of a task of either batch
 * @param afterReach       the late team's share in each sliding window from the first that reached
 *                         42.5% to the end
 * @param doubleWindow     the same settling as {@code settling}, in a window twice as long
 */
public record LateTeamRow(String lanes, int teamTasks, double lateAfterSeconds, double observedSeconds,
        double windowSeconds, Shares.Settling settling, double shareSettled, double shareObserved, int earlyDoneAtLate,
        int repeats, List<Double> afterReach, Shares.Settling doubleWindow) {

    LateTeamRow withRepeats(int count) {
        return new LateTeamRow(lanes, teamTasks, lateAfterSeconds, observedSeconds, windowSeconds, settling,
                shareSettled, shareObserved, earlyDoneAtLate, count, afterReach, doubleWindow);
    }

    /** Of the sliding windows from the first that reached 42.5% on, the fraction at or above it. */
    public double fractionHeld() {
        return afterReach.isEmpty() ? 0
                : (double) afterReach.stream().filter(s -> s >= Shares.EQUAL_LOW).count() / afterReach.size();
    }

    /** The lowest share in those windows (0 if none). */
    public double lowestAfterReach() {
        return afterReach.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    /** Whether the late team settled at its share within {@code seconds} of submitting. */
    public boolean settledWithin(double seconds) {
        return settling.settled().isPresent() && settling.settled().getAsDouble() <= seconds;
    }

    /** A Markdown table of the rows. */
    public static String table(List<LateTeamRow> rows) {
        StringBuilder out = new StringBuilder("| lanes | tasks per team | late by (s) | first team done then | observed "
                + "(s) | window (s) | late team's share first ≥ 42.5% (s) | settled ≥ 42.5% from (s) | within 10 s "
                + "| its share from then / whole interval | windows ≥ 42.5% after first reached, lowest "
                + "| settled, window twice as long (s) | repeats |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|---:|---:|\n");
        for (LateTeamRow row : rows) {
            out.append(String.format(Locale.ROOT,
                    "| %s | %d | %.0f | %d | %.1f | %.0f | %s | %s | %s | %.1f%% / %.1f%% | %.0f%%, %.1f%% | %s | %d |%n",
                    row.lanes, row.teamTasks, row.lateAfterSeconds, row.earlyDoneAtLate, row.observedSeconds,
                    row.windowSeconds, seconds(row.settling.firstReached(), row.observedSeconds),
                    seconds(row.settling.settled(), row.observedSeconds), row.settledWithin(10) ? "yes" : "no",
                    100 * row.shareSettled, 100 * row.shareObserved, 100 * row.fractionHeld(),
                    100 * row.lowestAfterReach(), seconds(row.doubleWindow.settled(), row.observedSeconds),
                    row.repeats));
        }
        return out.toString();
    }

    private static String seconds(OptionalDouble value, double observed) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.1f", value.getAsDouble())
                : String.format(Locale.ROOT, "not within %.0f", observed);
    }
}
