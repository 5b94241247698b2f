package dev.taskfleet.benchmarks.forwarding;

import java.util.List;
import java.util.Locale;

/**
 * The result table (Markdown, pasted into {@code docs/BENCHMARKS.md} as printed): one row per
 * forwarder, each rate also as a share of the first row's (the plain copy, the ceiling).
 */
public final class ForwardingTable {

    private ForwardingTable() {
    }

    public static String render(List<ForwardingMeasurement> rows) {
        ForwardingMeasurement base = rows.get(0);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "| forwarder | records | seconds | records/s | middle 80%% records/s "
                + "| vs %s (middle 80%%) | forwarder CPU ms / 1k | broker CPU ms / 1k |%n", base.name()));
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ForwardingMeasurement row : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.0f | %.0f | %.0f%% | %s | %s |%n", row.name(),
                    row.records(), row.seconds(), row.recordsPerSecond(), row.middleRecordsPerSecond(),
                    100 * row.middleRecordsPerSecond() / base.middleRecordsPerSecond(),
                    cpu(row.forwarderCpuMsPerThousand()), cpu(row.brokerCpuMsPerThousand())));
        }
        return out.toString();
    }

    private static String cpu(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.0f", value);
    }
}
