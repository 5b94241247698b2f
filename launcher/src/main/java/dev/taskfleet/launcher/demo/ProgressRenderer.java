package dev.taskfleet.launcher.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a {@link BatchProgress} into text: the live progress lines (one per tier and one for the
 * batch) and the final summary table. Plain ASCII so it survives any terminal and log file.
 */
public final class ProgressRenderer {

    private static final int BAR_WIDTH = 24;

    /**
     * One line per tier, with a bar showing its share of the whole batch, and a line for the
     * batch with the elapsed time since submission.
     */
    public List<String> progress(BatchProgress progress, Instant now) {
        List<String> lines = new ArrayList<>();
        int width = nameWidth(progress);
        for (TierTally tier : progress.tiers()) {
            lines.add(String.format(Locale.ROOT, "  %-" + width + "s %s %6d done %6d ok %5d failed",
                    tier.tier(), bar(tier.completed(), progress.expected()), tier.completed(), tier.succeeded(),
                    tier.failed()));
        }
        Duration elapsed = Duration.between(progress.submittedAt(), now);
        double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-3);
        lines.add(String.format(Locale.ROOT, "  %-" + width + "s %s %6d/%d %3d%%  %s  %.1f tasks/s",
                "all", bar(progress.completed(), progress.expected()), progress.completed(), progress.expected(),
                percent(progress.completed(), progress.expected()), duration(elapsed), progress.completed() / seconds));
        return lines;
    }

    /** The table per tier with totals, then makespan, throughput, serial time and speed-up. */
    public List<String> summary(BatchProgress progress) {
        List<String> lines = new ArrayList<>();
        int width = nameWidth(progress);
        String row = "  %-" + width + "s %7s %10s %7s %12s %11s";
        lines.add(String.format(Locale.ROOT, row, "tier", "tasks", "succeeded", "failed", "serial time", "cost (USD)"));
        for (TierTally tier : progress.tiers()) {
            lines.add(tableRow(row, tier));
        }
        lines.add(tableRow(row, progress.total()));
        lines.add("");
        String fact = "  %-42s %s";
        lines.add(String.format(Locale.ROOT, fact, "makespan (submit to last result)", duration(progress.makespan())));
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
                duration(tally.serialTime()), String.format(Locale.ROOT, "%.4f", tally.costUsd()));
    }

    private static int nameWidth(BatchProgress progress) {
        return Math.max(8, progress.tiers().stream().mapToInt(t -> t.tier().length()).max().orElse(0));
    }

    static String bar(int done, int total) {
        int filled = total <= 0 ? 0 : (int) Math.min(BAR_WIDTH, (long) done * BAR_WIDTH / total);
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]";
    }

    private static int percent(int done, int total) {
        return total <= 0 ? 0 : (int) Math.min(100, (long) done * 100 / total);
    }

    /** {@code 4.2 s}, {@code 9m 42s} or {@code 1h 05m}: precise where it matters, short where it does not. */
    static String duration(Duration duration) {
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
