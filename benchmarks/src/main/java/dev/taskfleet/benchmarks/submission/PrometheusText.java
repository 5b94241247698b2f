package dev.taskfleet.benchmarks.submission;

/** Reads sample values out of the Prometheus text format that {@code /q/metrics} serves. */
final class PrometheusText {

    private PrometheusText() {
    }

    /** The sum of every sample of {@code metric} whose labels contain {@code label} (e.g. {@code area="heap"}). */
    static long sum(String text, String metric, String label) {
        double total = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(metric + "{") && line.contains(label)) {
                String value = line.substring(line.lastIndexOf('}') + 1).trim().split(" ")[0];
                total += Double.parseDouble(value);
            }
        }
        return (long) total;
    }
}
