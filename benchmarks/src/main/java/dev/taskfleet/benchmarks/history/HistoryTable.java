package dev.taskfleet.benchmarks.history;

import dev.taskfleet.benchmarks.Spread;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The result tables (Markdown, pasted into {@code docs/BENCHMARKS.md} as printed): the histories,
 * then one row per case (history size and heap), each figure the median (min–max) of the case's
 * ready runs.
 */
public final class HistoryTable {

    private HistoryTable() {
    }

    public static String render(List<HistoryShape> histories, List<ReplicaMeasurement> runs) {
        StringBuilder out = new StringBuilder();
        out.append("| history tasks | batches (small / medium / large) | largest | failed | duplicates "
                + "| results written (MiB) | batch events (KiB) | on disk (MiB) |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (HistoryShape h : histories) {
            out.append(format("| %d | %d (%d / %d / %d) | %d | %d | %d | %.1f | %.0f | %.1f |%n", h.tasks(), h.batches(),
                    h.small(), h.medium(), h.large(), h.largest(), h.failed(), h.duplicates(), h.resultMib(),
                    h.batchBytes() / 1024.0, h.onDiskBytes() / 1048576.0));
        }
        out.append('\n');
        out.append("| history tasks | -Xmx | start | ready | seconds to ready | tracker started (s) | caught up (s) "
                + "| records read | heap after full GC (MiB) | peak heap to ready (MiB) | GCs to ready | of which full "
                + "| peak RSS (MiB) | CPU to ready (s) |\n");
        out.append("|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        Map<String, List<ReplicaMeasurement>> cases = new LinkedHashMap<>();
        for (ReplicaMeasurement m : runs) {
            cases.computeIfAbsent(m.historyTasks() + "@" + m.heap() + "@" + m.start(), k -> new ArrayList<>()).add(m);
        }
        for (List<ReplicaMeasurement> all : cases.values()) {
            ReplicaMeasurement first = all.get(0);
            List<ReplicaMeasurement> ready = all.stream().filter(ReplicaMeasurement::ready).toList();
            String readiness = ready.size() + "/" + all.size() + all.stream().filter(m -> !m.ready())
                    .map(m -> "; run " + m.run() + ": " + m.outcome()).reduce("", String::concat);
            // A case that never became ready still shows how far it got (GCs, RSS, CPU until it was given up).
            List<ReplicaMeasurement> shown = ready.isEmpty() ? all : ready;
            out.append(format("| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    first.historyTasks(), first.heap(), first.start(), readiness,
                    ready.isEmpty() ? "n/a" : spread(ready, ReplicaMeasurement::secondsToReady, "%.1f"),
                    spread(shown, ReplicaMeasurement::secondsToTracker, "%.1f"),
                    spread(shown, ReplicaMeasurement::secondsToCaughtUp, "%.1f"),
                    spread(shown, m -> m.recordsRead(), "%.0f"),
                    ready.isEmpty() ? "n/a" : spread(ready, ReplicaMeasurement::heapAfterFullGcMib, "%.0f"),
                    spread(shown, ReplicaMeasurement::peakHeapMib, "%.0f"),
                    spread(shown, m -> m.collections(), "%.0f"), spread(shown, m -> m.fullCollections(), "%.0f"),
                    spread(shown, ReplicaMeasurement::peakRssMib, "%.0f"),
                    spread(shown, ReplicaMeasurement::cpuSeconds, "%.1f")));
        }
        return out.toString();
    }

    /** {@code median (min–max)}, or n/a when any run lacks the figure. */
    private static String spread(List<ReplicaMeasurement> runs, ToDoubleFunction<ReplicaMeasurement> value,
                                 String pattern) {
        if (runs.stream().anyMatch(m -> Double.isNaN(value.applyAsDouble(m)) || value.applyAsDouble(m) < 0)) {
            return "n/a";
        }
        return Spread.of(runs, value, pattern);
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
