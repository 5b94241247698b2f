package dev.taskfleet.benchmarks.forwarding;

import dev.taskfleet.benchmarks.Percentiles;

/**
 * What one forwarder (the router, or a copy loop) measured on the same pre-loaded records.
 *
 * <p>Times are the output records' broker append times (the output topics use
 * {@code LogAppendTime}), so every forwarder is timed by the same clock at the same point, from
 * its first output record to its last, without its start-up. The middle 80% (from the 10th to
 * the 90th percentile of append times) leaves out the JIT warm-up at the start and the tail at
 * the end.
 *
 * @param name            what forwarded
 * @param records         records on the output topics (read_committed)
 * @param firstMs         first output append time, epoch ms
 * @param p10Ms           the 10th percentile of output append times
 * @param p90Ms           the 90th percentile
 * @param lastMs          last output append time
 * @param forwarderTicks  CPU of the forwarding process while it forwarded {@code ticksRecords}, clock ticks (-1 if unknown)
 * @param brokerTicks     the broker's CPU over the same window, clock ticks (-1 if unknown)
 * @param ticksRecords    input records committed in that CPU window
 */
public record ForwardingMeasurement(String name, long records, long firstMs, long p10Ms, long p90Ms, long lastMs,
                                    long forwarderTicks, long brokerTicks, long ticksRecords) {

    /** Linux's USER_HZ, the unit of {@code /proc/<pid>/stat} CPU times. */
    private static final double CLOCK_TICKS_PER_SECOND = 100.0;

    /** First to last output record, seconds (at least 1 ms). */
    public double seconds() {
        return Math.max(1, lastMs - firstMs) / 1000.0;
    }

    public double recordsPerSecond() {
        return records / seconds();
    }

    /** Records per second between the 10th and 90th percentile of output times. */
    public double middleRecordsPerSecond() {
        return 0.8 * records / (Math.max(1, p90Ms - p10Ms) / 1000.0);
    }

    /** CPU milliseconds the forwarding process spent per 1,000 records, or NaN if unknown. */
    public double forwarderCpuMsPerThousand() {
        return cpuMsPerThousand(forwarderTicks);
    }

    /** CPU milliseconds the broker spent per 1,000 records forwarded, or NaN if unknown. */
    public double brokerCpuMsPerThousand() {
        return cpuMsPerThousand(brokerTicks);
    }

    private double cpuMsPerThousand(long ticks) {
        if (ticks < 0 || ticksRecords <= 0) {
            return Double.NaN;
        }
        return ticks / CLOCK_TICKS_PER_SECOND * 1000.0 / (ticksRecords / 1000.0);
    }

    /** The p-th percentile (0-100, nearest rank) of sorted epoch-ms times. */
    static long percentile(long[] sorted, double p) {
        return Percentiles.nearestRank(sorted, p);
    }

    /** A measurement from the sorted append times of every output record. */
    static ForwardingMeasurement of(String name, long[] sortedTimes, CpuWindow cpu) {
        return new ForwardingMeasurement(name, sortedTimes.length, sortedTimes[0], percentile(sortedTimes, 10),
                percentile(sortedTimes, 90), sortedTimes[sortedTimes.length - 1], cpu.forwarderTicks(),
                cpu.brokerTicks(), cpu.records());
    }

    /** CPU ticks of the forwarder and the broker while {@code records} input records were committed. */
    record CpuWindow(long forwarderTicks, long brokerTicks, long records) {
    }
}
