package dev.taskfleet.benchmarks;

/** Percentiles of the harnesses' measured times, one definition for all of them. */
public final class Percentiles {

    private Percentiles() {
    }

    /**
     * The nearest-rank {@code percent}-th percentile (0 to 100) of {@code sorted}, ascending values.
     *
     * @throws IllegalArgumentException when there are no values
     */
    public static long nearestRank(long[] sorted, double percent) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values to take a percentile of");
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }
}
