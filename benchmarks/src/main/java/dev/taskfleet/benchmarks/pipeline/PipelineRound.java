package dev.taskfleet.benchmarks.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured round: the same number of tasks through the packaged fleet and through a bare
 * 3-hop copy, side by side on the same broker.
 *
 * @param run              1, 2, ... within the harness run
 * @param tasks            tasks in the batch, records in the copy
 * @param pipelineMs       from the start of the upload to the batch seen COMPLETED by a client following it
 * @param toLastResultMs   from the start of the upload to the last result's {@code finishedAt}
 * @param bareMs           from the first record appended on the first hop's output to the last on the third's
 *                         (broker append times: the hops' consumer groups have joined by then)
 * @param bareWholeMs      from starting the three hops to the last record on the third's output
 * @param pipelineCpuTicks CPU of each process over {@code pipelineMs}, clock ticks, by name (-1 if unknown)
 * @param bareCpuTicks     CPU of each process over the copy (from starting the hops to all three done), clock ticks
 */
public record PipelineRound(int run, int tasks, long pipelineMs, long toLastResultMs, long bareMs, long bareWholeMs,
                            Map<String, Long> pipelineCpuTicks, Map<String, Long> bareCpuTicks) {

    /** Linux's USER_HZ, the unit of {@code /proc/<pid>/stat} CPU times. */
    private static final double CLOCK_TICKS_PER_SECOND = 100.0;

    public PipelineRound {
        pipelineCpuTicks = Collections.unmodifiableMap(new LinkedHashMap<>(pipelineCpuTicks));
        bareCpuTicks = Collections.unmodifiableMap(new LinkedHashMap<>(bareCpuTicks));
    }

    /** Tasks per second through the fleet, upload start to COMPLETED. */
    public double pipelineRate() {
        return tasks / (Math.max(1, pipelineMs) / 1000.0);
    }

    /** Records per second through the three hops, first output on the first hop to last on the third. */
    public double bareRate() {
        return tasks / (Math.max(1, bareMs) / 1000.0);
    }

    /** The pipeline's rate as a share of the bare copy's (the target: at least 0.5). */
    public double ratio() {
        return pipelineRate() / bareRate();
    }

    /** CPU milliseconds per 1,000 tasks, or NaN for an unknown figure. */
    public static double cpuMsPerThousand(long ticks, int tasks) {
        return ticks < 0 ? Double.NaN : ticks / CLOCK_TICKS_PER_SECOND * 1000.0 / (tasks / 1000.0);
    }

    /** Sum of the known CPU figures of {@code ticks}, clock ticks. */
    public static long total(Map<String, Long> ticks) {
        return ticks.values().stream().mapToLong(Long::longValue).filter(t -> t >= 0).sum();
    }
}
