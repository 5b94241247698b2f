package dev.taskfleet.producer.timeline;

import dev.taskfleet.api.CompletionTimeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts finished tasks per interval and tier. Results are added one at a time while the results
 * topic is read (two primitive arrays, about 12 bytes per result), then {@link #build} picks an
 * interval so the chart has at most {@link #MAX_BUCKETS} points whatever the batch's length: one
 * of a fixed ladder of readable lengths (1 s, 2 s, 5 s, ... 1 day), so two charts of similar
 * batches use the same steps. Not thread-safe: one builder per request.
 */
public final class TimelineBuilder {

    /** Enough points for a readable line on a page; few enough to send in a small answer. */
    public static final int MAX_BUCKETS = 120;

    private static final long[] STEP_SECONDS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200,
            10800, 21600, 43200, 86400};

    private final List<String> tiers;
    private int[] tierOf = new int[64];
    private long[] finishedAtMillis = new long[64];
    private int size;

    /** @param tierOrder the fleet's tiers, cheapest first: every one gets a series, even an empty one */
    public TimelineBuilder(List<String> tierOrder) {
        this.tiers = new ArrayList<>(tierOrder);
    }

    /**
     * Counts one final result. A tier outside the tier order (one removed from the configuration
     * since) gets a series after the configured ones; a result without a time is not placed.
     */
    public void add(String tier, Instant finishedAt) {
        if (tier == null || finishedAt == null) {
            return;
        }
        int index = tiers.indexOf(tier);
        if (index < 0) {
            tiers.add(tier);
            index = tiers.size() - 1;
        }
        if (size == tierOf.length) {
            tierOf = Arrays.copyOf(tierOf, size * 2);
            finishedAtMillis = Arrays.copyOf(finishedAtMillis, size * 2);
        }
        tierOf[size] = index;
        finishedAtMillis[size] = finishedAt.toEpochMilli();
        size++;
    }

    /** The series of {@code batchId}: no buckets (and no start) when nothing was added. */
    public CompletionTimeline build(String batchId) {
        Map<String, List<Long>> completed = new LinkedHashMap<>();
        if (size == 0) {
            tiers.forEach(tier -> completed.put(tier, List.of()));
            return new CompletionTimeline(batchId, null, STEP_SECONDS[0], completed);
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < size; i++) {
            first = Math.min(first, finishedAtMillis[i]);
            last = Math.max(last, finishedAtMillis[i]);
        }
        long step = stepFor(last - first);
        long stepMillis = step * 1000;
        // Buckets start on a whole multiple of the step, so the axis reads 12:00:10, 12:00:20...
        long start = Math.floorDiv(first, stepMillis) * stepMillis;
        int buckets = (int) ((last - start) / stepMillis) + 1;
        long[][] counts = new long[tiers.size()][buckets];
        for (int i = 0; i < size; i++) {
            counts[tierOf[i]][(int) ((finishedAtMillis[i] - start) / stepMillis)]++;
        }
        for (int t = 0; t < tiers.size(); t++) {
            completed.put(tiers.get(t), Arrays.stream(counts[t]).boxed().toList());
        }
        return new CompletionTimeline(batchId, Instant.ofEpochMilli(start), step, completed);
    }

    /** The shortest step of the ladder that covers {@code spanMillis} in at most {@link #MAX_BUCKETS} buckets. */
    static long stepFor(long spanMillis) {
        for (long step : STEP_SECONDS) {
            // One more bucket than span/step may be needed when the first result is not on a step boundary.
            if (spanMillis / (step * 1000) + 2 <= MAX_BUCKETS) {
                return step;
            }
        }
        long longest = STEP_SECONDS[STEP_SECONDS.length - 1];
        return (spanMillis / (MAX_BUCKETS - 2) / 1000 / longest + 1) * longest;
    }
}
