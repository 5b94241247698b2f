package dev.taskfleet.benchmarks;

import java.util.List;
import java.util.Locale;

/**
 * One mode of the fairness scenario.
 *
 * @param lanes          {@code off} or {@code on}
 * @param bulkTasks      tasks of the large batch
 * @param smallTasks     tasks of the small batch
 * @param idleSeconds    the small batch alone on the idle fleet, submission to last result
 * @param behindSeconds  the same batch submitted behind the large one
 * @param bulkDoneBehind results of the large batch out when the small one finished
 */
public record FairnessRow(String lanes, int bulkTasks, int smallTasks, double idleSeconds, double behindSeconds,
        int bulkDoneBehind) {

    /** The bound: 3x the idle time, or the idle time + 5 s, whichever is larger. */
    public double boundSeconds() {
        return Math.max(3 * idleSeconds, idleSeconds + 5);
    }

    public boolean withinBound() {
        return behindSeconds <= boundSeconds();
    }

    /** A Markdown table of the rows. */
    public static String table(List<FairnessRow> rows) {
        StringBuilder out = new StringBuilder("| lanes | large batch | small batch | small alone (s) | small behind "
                + "large (s) | ratio | bound (s) | within | large done when small done |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---|---:|\n");
        for (FairnessRow row : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %.2f | %.1fx | %.2f | %s | %d |%n", row.lanes,
                    row.bulkTasks, row.smallTasks, row.idleSeconds, row.behindSeconds,
                    row.behindSeconds / row.idleSeconds, row.boundSeconds(), row.withinBound() ? "yes" : "no",
                    row.bulkDoneBehind));
        }
        return out.toString();
    }
}
