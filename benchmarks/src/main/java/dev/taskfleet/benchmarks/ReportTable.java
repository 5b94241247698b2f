package dev.taskfleet.benchmarks;

import java.util.List;
import java.util.Locale;

/**
 * The result table: one row per level, speed-up against the level-1 (serial) row of the same run.
 * A Markdown table, so it can be pasted into {@code docs/BENCHMARKS.md} as printed.
 */
public final class ReportTable {

    private ReportTable() {
    }

    public static String render(List<LevelMeasurement> rows) {
        LevelMeasurement serial = rows.stream().filter(row -> row.level() == 1).findFirst().orElse(null);
        StringBuilder out = new StringBuilder();
        out.append("| in flight | tasks | failed | seconds | tasks/s | bound | % of bound | speed-up vs 1 "
                + "| submit to last (s) | worker CPU (cores) | worker RSS (MiB) |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LevelMeasurement row : rows) {
            String speedUp = serial == null ? "n/a" : format("%.1fx", row.throughput() / serial.throughput());
            String rss = row.peakRssKib() < 0 ? "n/a" : format("%.0f", row.peakRssKib() / 1024.0);
            String cpu = Double.isNaN(row.workerCpuCores()) ? "n/a" : format("%.2f", row.workerCpuCores());
            out.append(format("| %d | %d | %d | %.2f | %.1f | %.0f | %.1f%% | %s | %.2f | %s | %s |%n",
                    row.level(), row.tasks(), row.failed(), row.windowSeconds(), row.throughput(), row.bound(),
                    100 * row.fractionOfBound(), speedUp, row.makespanSeconds(), cpu, rss));
        }
        return out.toString();
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
