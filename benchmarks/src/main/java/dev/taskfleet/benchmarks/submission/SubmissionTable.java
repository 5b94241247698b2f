package dev.taskfleet.benchmarks.submission;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The result table (Markdown, pasted into {@code docs/BENCHMARKS.md} as printed): one row per
 * submission, then how heap and time grew from the smallest to the largest file at the same heap.
 */
public final class SubmissionTable {

    private SubmissionTable() {
    }

    public static String render(List<SubmissionMeasurement> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| tasks | producer -Xmx | file (MiB) | seconds to 202 | tasks/s | MiB/s | raw Kafka tasks/s "
                + "| producer ÷ raw | peak heap (MiB) | max heap after GC (MiB) | GCs | peak RSS (MiB) | producer CPU (cores) |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SubmissionMeasurement row : rows) {
            out.append(format("| %d | %s | %.1f | %.2f | %.0f | %.1f | %.0f | %.0f%% | %.0f | %s | %d | %s | %s |%n",
                    row.tasks(), row.producerHeap(), row.fileMib(), row.seconds(), row.tasksPerSecond(),
                    row.mibPerSecond(), row.rawTasksPerSecond(), 100 * row.fractionOfRaw(), row.peakHeapMib(),
                    row.collections() == 0 ? "n/a" : format("%.0f", row.maxAfterGcMib()), row.collections(),
                    row.peakRssKib() < 0 ? "n/a" : format("%.0f", row.peakRssKib() / 1024.0),
                    Double.isNaN(row.producerCpuCores()) ? "n/a" : format("%.2f", row.producerCpuCores())));
        }
        growth(rows).ifPresent(line -> out.append('\n').append(line).append('\n'));
        return out.toString();
    }

    /**
     * The smallest and the largest file submitted with the same {@code -Xmx} as the smallest:
     * how many times more tasks, time, peak heap, heap after GC and RSS.
     */
    static Optional<String> growth(List<SubmissionMeasurement> rows) {
        Optional<SubmissionMeasurement> small = rows.stream().min(Comparator.comparingInt(SubmissionMeasurement::tasks));
        if (small.isEmpty()) {
            return Optional.empty();
        }
        SubmissionMeasurement s = small.get();
        return rows.stream()
                .filter(row -> row.producerHeap().equals(s.producerHeap()) && row.tasks() > s.tasks())
                .max(Comparator.comparingInt(SubmissionMeasurement::tasks))
                .map(l -> format("From %d to %d tasks (-Xmx%s): tasks x%.1f, time to 202 x%.1f, peak heap x%s, "
                                + "max heap after GC x%s, peak RSS x%s.",
                        s.tasks(), l.tasks(), s.producerHeap(), (double) l.tasks() / s.tasks(), l.seconds() / s.seconds(),
                        ratio(l.peakHeapBytes(), s.peakHeapBytes()), ratio(l.maxAfterGcBytes(), s.maxAfterGcBytes()),
                        ratio(l.peakRssKib(), s.peakRssKib())));
    }

    /** {@code large / small} with two decimals, or n/a when either is unknown (negative) or the base is 0 (no GC ran). */
    private static String ratio(long large, long small) {
        return small <= 0 || large < 0 ? "n/a" : format("%.2f", (double) large / small);
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
