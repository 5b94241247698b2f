package dev.taskfleet.launcher.progress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table that ends {@code submit --wait}, {@code watch} and {@code demo}: per tier the
 * succeeded, failed and cancelled tasks, tokens, serial time and cost, with totals; then the
 * elapsed time, the throughput, and how long one call at a time would have taken. Plain ASCII so
 * it survives any terminal and log file.
 */
public final class SummaryRenderer {

    private SummaryRenderer() {
    }

    public static List<String> summary(BatchProgress progress) {
        List<String> lines = new ArrayList<>();
        int width = Math.max(8, progress.tiers().stream().mapToInt(t -> t.tier().length()).max().orElse(0));
        String row = "  %-" + width + "s %7s %10s %7s %10s %10s %12s %11s";
        lines.add(String.format(Locale.ROOT, row, "tier", "tasks", "succeeded", "failed", "cancelled", "tokens",
                "serial time", "cost (USD)"));
        for (TierTally tier : progress.tiers()) {
            lines.add(tableRow(row, tier));
        }
        lines.add(tableRow(row, progress.total()));
        lines.add("");
        String fact = "  %-42s %s";
        lines.add(String.format(Locale.ROOT, fact, "elapsed (submit to last result)", duration(progress.makespan())));
        lines.add(String.format(Locale.ROOT, fact, "throughput",
                String.format(Locale.ROOT, "%.1f tasks/s", progress.throughputPerSecond())));
        lines.add(String.format(Locale.ROOT, fact, "one call at a time this would have taken",
                duration(progress.serialTime())));
        lines.add(String.format(Locale.ROOT, fact, "speed-up", String.format(Locale.ROOT, "%.1fx", progress.speedUp())));
        if (progress.duplicates() > 0) {
            lines.add(String.format(Locale.ROOT, fact, "duplicate results ignored", progress.duplicates()));
        }
        return lines;
    }

    private static String tableRow(String format, TierTally tally) {
        return String.format(Locale.ROOT, format, tally.tier(), tally.completed(), tally.succeeded(), tally.failed(),
                tally.cancelled(), tally.tokens(), duration(tally.serialTime()),
                String.format(Locale.ROOT, "%.4f", tally.costUsd()));
    }

    /** {@code 4.2 s}, {@code 9m 42s} or {@code 1h 05m}: precise where it matters, short where it does not. */
    public static String duration(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
