package dev.taskfleet.benchmarks;

import java.util.List;
import java.util.Locale;

/**
 * One mode of the two-large scenario: team {@value BenchFleet#TEAM}'s share of the tier's
 * completions while both teams had work queued (team {@value BenchFleet#OTHER_TEAM} had the rest).
 *
 * @param lanes           {@code off} or {@code on}
 * @param teamTasks       tasks of each team's batch
 * @param intervalSeconds how long both teams were measured: from the second batch's acceptance to
 *                        the first batch's last result or the {@code --observe} cap
 * @param windowSeconds   the fixed windows' length
 * @param windowShares    the first team's share in each whole window of the interval
 * @param overallShare    the first team's share over the whole interval
 * @param firstDoneAtStart  tasks of the first team's batch finished when the second was accepted
 * @param secondDoneAtStart tasks of the second team's batch finished then (0 unless it overtook)
 * @param repeats         second results of a task of either batch
 */
public record SharesRow(String lanes, int teamTasks, double intervalSeconds, double windowSeconds,
        List<Double> windowShares, double overallShare, int firstDoneAtStart, int secondDoneAtStart, int repeats) {

    SharesRow withRepeats(int count) {
        return new SharesRow(lanes, teamTasks, intervalSeconds, windowSeconds, windowShares, overallShare,
                firstDoneAtStart, secondDoneAtStart, count);
    }

    /** Windows in which each team's share was within 15% of an equal share. */
    public long windowsNearEqual() {
        return windowShares.stream().filter(Shares::nearEqual).count();
    }

    /** A Markdown table of the rows: the first team's share per window (median, min, max) and overall. */
    public static String table(List<SharesRow> rows) {
        StringBuilder out = new StringBuilder("| lanes | tasks per team | measured (s) | windows | first team's share "
                + "per window, median (min–max) | windows within 42.5–57.5% | overall share, first / second team "
                + "| repeats |\n|---|---:|---:|---:|---|---:|---|---:|\n");
        for (SharesRow row : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %d x %.0f s | %s | %d of %d | %.1f%% / %.1f%% | %d |%n",
                    row.lanes, row.teamTasks, row.intervalSeconds, row.windowShares.size(), row.windowSeconds,
                    row.windowShares.isEmpty() ? "none" : Spread.of(row.windowShares, s -> 100 * s, "%.1f%%"),
                    row.windowsNearEqual(), row.windowShares.size(), 100 * row.overallShare,
                    100 * (1 - row.overallShare), row.repeats));
        }
        return out.toString();
    }
}
