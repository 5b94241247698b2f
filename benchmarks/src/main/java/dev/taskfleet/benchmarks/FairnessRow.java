package dev.taskfleet.benchmarks;

import java.util.List;
import java.util.Locale;

/**
 * One mode of the small-behind-large scenario.
 *
 * @param lanes          {@code off} or {@code on}
 * @param bulkTasks      tasks of the large batch
 * @param smallTasks     tasks of the small batch
 * @param idleSeconds    the small batch alone on the idle fleet, submission to last result
 * @param behindSeconds  the same batch submitted behind the large one; {@code null} if not done
 *                       within {@code capSeconds}
 * @param capSeconds     how long the harness waited for it at most ({@code --behind-timeout}), or
 *                       {@code null} for as long as it took
 * @param bulkDoneBehind tasks of the large batch with a result when the small one finished (or
 *                       when the harness gave up on it)
 * @param repeats        second results of a task of either batch read while measuring
 */
public record FairnessRow(String lanes, int bulkTasks, int smallTasks, double idleSeconds, Double behindSeconds,
        Double capSeconds, int bulkDoneBehind, int repeats) {

    /** The bound: 3x the idle time, or the idle time + 5 s, whichever is larger. */
    public double boundSeconds() {
        return Math.max(3 * idleSeconds, idleSeconds + 5);
    }

    /** Whether the small batch finished behind the large one at all (within the cap). */
    public boolean done() {
        return behindSeconds != null;
    }

    public boolean withinBound() {
        return done() && behindSeconds <= boundSeconds();
    }

    /** A Markdown table of the rows. */
    public static String table(List<FairnessRow> rows) {
        StringBuilder out = new StringBuilder("| lanes | large batch | small batch | small alone (s) | small behind "
                + "large (s) | ratio | bound (s) | within | large done when small done | repeats |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|\n");
        for (FairnessRow row : rows) {
            String behind = row.done() ? String.format(Locale.ROOT, "%.2f", row.behindSeconds)
                    : String.format(Locale.ROOT, "not done after %.0f", row.capSeconds);
            String ratio = row.done() ? String.format(Locale.ROOT, "%.1fx", row.behindSeconds / row.idleSeconds)
                    : String.format(Locale.ROOT, "over %.1fx", row.capSeconds / row.idleSeconds);
            out.append(String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %s | %s | %.2f | %s | %d | %d |%n",
                    row.lanes, row.bulkTasks, row.smallTasks, row.idleSeconds, behind, ratio, row.boundSeconds(),
                    row.withinBound() ? "yes" : "no", row.bulkDoneBehind, row.repeats));
        }
        return out.toString();
    }
}
