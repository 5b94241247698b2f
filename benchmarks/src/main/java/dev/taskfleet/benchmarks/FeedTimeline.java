package dev.taskfleet.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where the call slots of one worker went unused while it ran a measured batch, and why. Per task
 * it knows three moments: the producer writing it to {@code <prefix>.tasks} and the router writing
 * it to the tier topic (each record's {@code CreateTime}, stamped by the sending client), and its
 * call starting (its result's timestamp less the fixed model latency). Stepping through the busy
 * window (first call started to last result), every slot not in a call is put down to the first of:
 * <ul>
 * <li><b>routed, not started</b>: a task the router had written waited, so the worker was behind
 *     (reading, its intake, or a router transaction not yet committed, which hides its records);
 * <li><b>written, not routed</b>: the router was behind the producer;
 * <li><b>not written</b>: the upload had not reached the task yet;
 * <li><b>none left</b>: every task had started (the batch's last wave).</li>
 * </ul>
 * Each sum is in seconds of the whole worker (slot-seconds ÷ level): they add up to the window less
 * {@code tasks × latency ÷ level}, the time a perfect worker would need. Clocks: all three moments
 * come from clients on this machine.
 */
final class FeedTimeline {

    private static final long STEP_MS = 10;

    /** Seconds of the whole worker lost to each cause; {@code fullAfterSeconds}: first call to 95% of slots busy. */
    record Losses(double routedNotStarted, double writtenNotRouted, double notWritten, double noneLeft,
            double fullAfterSeconds) {

        String describe() {
            return String.format(Locale.ROOT, "slots unused, in seconds of the worker: routed but not started %.2f,"
                    + " written but not routed %.2f, not written yet %.2f, none left %.2f; 95%% of the slots busy"
                    + " %.2f s after the first call", routedNotStarted, writtenNotRouted, notWritten, noneLeft,
                    fullAfterSeconds);
        }
    }

    private FeedTimeline() {
    }

    /**
     * Reads when each of {@code ids} was written to {@code tasksTopic} and to {@code tierTopic}
     * (read uncommitted, from the beginning), and works out the losses.
     *
     * @param startedMs each task's call start, epoch ms, by task id
     */
    static Losses measure(String bootstrapServers, String tasksTopic, String tierTopic, Set<String> ids,
            Map<String, Long> startedMs, int level, Duration latency) {
        Map<String, Long> written = createTimes(bootstrapServers, tasksTopic, ids);
        Map<String, Long> routed = createTimes(bootstrapServers, tierTopic, ids);
        if (written.size() != ids.size() || routed.size() != ids.size()) {
            throw new IllegalStateException("found " + written.size() + " of " + ids.size() + " tasks on " + tasksTopic
                    + " and " + routed.size() + " on " + tierTopic);
        }
        return losses(sorted(written.values()), sorted(routed.values()), sorted(startedMs.values()), level,
                latency.toMillis());
    }

    /** The losses of tasks written, routed and started at these moments (each ascending, epoch ms). */
    static Losses losses(long[] written, long[] routed, long[] started, int level, long latencyMs) {
        long from = started[0];
        long to = started[started.length - 1] + latencyMs;
        double[] lost = new double[4];
        double fullAfter = Double.NaN;
        int writtenSoFar = 0;
        int routedSoFar = 0;
        int startedSoFar = 0;
        int finishedSoFar = 0;
        for (long t = from; t < to; t += STEP_MS) {
            writtenSoFar = countUpTo(written, t, writtenSoFar);
            routedSoFar = countUpTo(routed, t, routedSoFar);
            startedSoFar = countUpTo(started, t, startedSoFar);
            finishedSoFar = countUpTo(started, t - latencyMs, finishedSoFar);
            int inCall = startedSoFar - finishedSoFar;
            if (Double.isNaN(fullAfter) && inCall >= 0.95 * level) {
                fullAfter = (t - from) / 1000.0;
            }
            int empty = Math.max(0, level - inCall);
            int[] waiting = {Math.max(0, routedSoFar - startedSoFar), Math.max(0, writtenSoFar - routedSoFar),
                Math.max(0, started.length - writtenSoFar)};
            for (int cause = 0; cause < waiting.length && empty > 0; cause++) {
                int put = Math.min(empty, waiting[cause]);
                lost[cause] += put;
                empty -= put;
            }
            lost[3] += empty;
        }
        double toSeconds = STEP_MS / 1000.0 / level;
        return new Losses(lost[0] * toSeconds, lost[1] * toSeconds, lost[2] * toSeconds, lost[3] * toSeconds,
                fullAfter);
    }

    /** How many of {@code sorted} are at most {@code t}, counting on from {@code from}. */
    private static int countUpTo(long[] sorted, long t, int from) {
        int count = from;
        while (count < sorted.length && sorted[count] <= t) {
            count++;
        }
        return count;
    }

    private static long[] sorted(Collection<Long> times) {
        return times.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** The {@code CreateTime} of the first record of each of {@code ids} on {@code topic}, committed or not. */
    private static Map<String, Long> createTimes(String bootstrapServers, String topic, Set<String> ids) {
        Map<String, Long> times = new HashMap<>();
        TopicScan.scan(bootstrapServers, List.of(topic), TopicScan.Isolation.UNCOMMITTED, record -> {
            if (record.key() == null) {
                return; // not a task of the fleet's (every task is keyed by its id)
            }
            String id = new String(record.key(), StandardCharsets.UTF_8);
            if (ids.contains(id)) {
                times.putIfAbsent(id, record.timestamp());
            }
        });
        return times;
    }
}
