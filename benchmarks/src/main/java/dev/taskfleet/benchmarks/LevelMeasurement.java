package dev.taskfleet.benchmarks;

import java.time.Duration;

/**
 * What one in-flight level measured, and the figures derived from it.
 *
 * <p>The busy window is first result to last result plus one model latency: the first result's
 * call started one latency before it arrived (the simulated latency has no spread), so this is
 * the time the worker spent on the batch, without the producer's and router's hand-over before
 * the first call. It cannot beat the bound: {@code tasks} calls of one latency each,
 * {@code level} at a time, need at least {@code tasks / level} latencies.
 *
 * @param level          the worker's {@code max-in-flight}
 * @param tasks          measured tasks (results received)
 * @param failed         of those, FAILED results (expected 0: the failure rate is 0)
 * @param firstResultMs  timestamp of the first result record, epoch ms
 * @param lastResultMs   timestamp of the last result record, epoch ms
 * @param submittedMs    when the measured batch was handed to the producer, epoch ms
 * @param latency        the simulated model latency
 * @param peakRssKib     the worker's highest VmRSS while the measured batch ran, KiB (-1 if unknown)
 * @param workerCpuTicks the worker's user + system CPU during the measured batch, clock ticks (-1 if unknown)
 */
public record LevelMeasurement(int level, int tasks, int failed, long firstResultMs, long lastResultMs,
                               long submittedMs, Duration latency, long peakRssKib, long workerCpuTicks) {

    /** Linux's USER_HZ, the unit of {@code /proc/<pid>/stat} CPU times, on every mainstream architecture. */
    static final double CLOCK_TICKS_PER_SECOND = 100.0;

    /** First to last result plus one latency, in seconds. */
    public double windowSeconds() {
        return (lastResultMs - firstResultMs) / 1000.0 + latencySeconds();
    }

    /** Hand-over to the producer to the last result, in seconds (includes producer, router and Kafka hops). */
    public double makespanSeconds() {
        return (lastResultMs - submittedMs) / 1000.0;
    }

    public double throughput() {
        return tasks / windowSeconds();
    }

    /** The most a worker with {@code level} calls in flight can finish per second: level ÷ latency. */
    public double bound() {
        return level / latencySeconds();
    }

    public double fractionOfBound() {
        return throughput() / bound();
    }

    /** The worker's CPU use during the batch as a share of one core (1.0 = one core busy), or NaN if unknown. */
    public double workerCpuCores() {
        if (workerCpuTicks < 0) {
            return Double.NaN;
        }
        return workerCpuTicks / CLOCK_TICKS_PER_SECOND / makespanSeconds();
    }

    private double latencySeconds() {
        return latency.toNanos() / 1e9;
    }
}
