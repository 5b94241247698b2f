package dev.taskfleet.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * How the result tables give a figure measured over several runs: the median with min and max,
 * {@code median (min–max)}, as docs/BENCHMARKS.md states its figures.
 */
public final class Spread {

    private Spread() {
    }

    /** {@code median (min–max)} of {@code value} over {@code runs}, or the median alone for one run. */
    public static <T> String of(List<T> runs, ToDoubleFunction<T> value, String pattern) {
        double[] sorted = runs.stream().mapToDouble(value).sorted().toArray();
        String median = format(pattern, median(sorted));
        return sorted.length == 1 ? median
                : median + " (" + format(pattern, sorted[0]) + "–" + format(pattern, sorted[sorted.length - 1]) + ")";
    }

    /** The median of {@code value} over {@code runs}; {@code NaN} for none. */
    public static <T> double median(List<T> runs, ToDoubleFunction<T> value) {
        return runs == null || runs.isEmpty() ? Double.NaN : median(runs.stream().mapToDouble(value).sorted().toArray());
    }

    private static double median(double[] sorted) {
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
