package dev.taskfleet.benchmarks.submission;

/**
 * What one submission measured, and the figures derived from it.
 *
 * @param tasks            tasks in the file (all accepted, or the run fails)
 * @param producerHeap     the producer's {@code -Xmx}, as given (e.g. {@code 384m})
 * @param fileBytes        the JSONL file's size
 * @param submitMs         when the POST started, epoch ms
 * @param acceptedMs       when the 202 arrived, epoch ms
 * @param peakHeapBytes    the producer's highest heap use in that window (GC log, and heap use at the end)
 * @param maxAfterGcBytes  the largest heap left after a collection in that window, bytes
 * @param collections      collections in that window
 * @param peakRssKib       the producer's highest VmRSS in that window, KiB (-1 if unknown)
 * @param producerCpuTicks the producer's CPU in that window, clock ticks (-1 if unknown)
 * @param rawMs            a plain KafkaProducer sending the same records, first send to last acknowledgement, ms
 */
public record SubmissionMeasurement(int tasks, String producerHeap, long fileBytes, long submitMs, long acceptedMs,
                                    long peakHeapBytes, long maxAfterGcBytes, int collections, long peakRssKib,
                                    long producerCpuTicks, long rawMs) {

    private static final double MIB = 1024.0 * 1024.0;
    /** Linux's USER_HZ, the unit of {@code /proc/<pid>/stat} CPU times. */
    private static final double CLOCK_TICKS_PER_SECOND = 100.0;

    public double seconds() {
        return (acceptedMs - submitMs) / 1000.0;
    }

    public double tasksPerSecond() {
        return tasks / seconds();
    }

    public double mibPerSecond() {
        return fileBytes / MIB / seconds();
    }

    public double rawTasksPerSecond() {
        return tasks / (rawMs / 1000.0);
    }

    /** The producer's rate as a share of the raw Kafka producer's on the same records (1.0 = as fast). */
    public double fractionOfRaw() {
        return tasksPerSecond() / rawTasksPerSecond();
    }

    /** The producer's CPU as a share of one core over the submission, or NaN if unknown. */
    public double producerCpuCores() {
        return producerCpuTicks < 0 ? Double.NaN : producerCpuTicks / CLOCK_TICKS_PER_SECOND / seconds();
    }

    public double fileMib() {
        return fileBytes / MIB;
    }

    public double peakHeapMib() {
        return peakHeapBytes / MIB;
    }

    public double maxAfterGcMib() {
        return maxAfterGcBytes / MIB;
    }
}
