package dev.taskfleet.benchmarks.quota;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * What the provider did, per wall-clock second (epoch seconds): calls admitted, tokens charged for
 * them, calls refused with 429. The figures of every phase and transient are sums over these.
 * Thread-safe.
 */
final class ProviderLedger {

    /** One second's counts. */
    record Second(long admitted, long tokens, long refused) {

        static final Second NONE = new Second(0, 0, 0);

        Second plus(Second other) {
            return new Second(admitted + other.admitted, tokens + other.tokens, refused + other.refused);
        }
    }

    private final TreeMap<Long, Second> seconds = new TreeMap<>();

    synchronized void admitted(long epochSecond, long tokens) {
        seconds.merge(epochSecond, new Second(1, tokens, 0), Second::plus);
    }

    synchronized void refused(long epochSecond) {
        seconds.merge(epochSecond, new Second(0, 0, 1), Second::plus);
    }

    /** The sum of the seconds from {@code fromSecond} (inclusive) to {@code toSecond} (exclusive). */
    synchronized Second between(long fromSecond, long toSecond) {
        Second sum = Second.NONE;
        for (long second = fromSecond; second < toSecond; second++) {
            sum = sum.plus(seconds.getOrDefault(second, Second.NONE));
        }
        return sum;
    }

    /** Everything so far. */
    synchronized Second total() {
        return seconds.values().stream().reduce(Second.NONE, Second::plus);
    }

    /** Writes every second with a call as CSV ({@code epoch_second,admitted,tokens,refused}), for a closer look. */
    synchronized void writeCsv(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("epoch_second,admitted,tokens,refused");
        seconds.forEach((second, counts) -> lines.add(second + "," + counts.admitted() + "," + counts.tokens() + ","
                + counts.refused()));
        Files.write(file, lines);
    }
}
