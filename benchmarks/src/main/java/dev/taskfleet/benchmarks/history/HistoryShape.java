package dev.taskfleet.benchmarks.history;

import java.util.List;

/**
 * What one history size held when a replica replayed it.
 *
 * @param tasks          tasks (one first result each)
 * @param batches        batches
 * @param small          batches of at most 300 tasks
 * @param medium         batches of 301 to 9,999 tasks
 * @param large          batches of 10,000 tasks or more
 * @param largest        tasks in the largest batch
 * @param failed         tasks whose result is FAILED
 * @param duplicates     results written twice
 * @param resultBytes    keys and values written to {@code <prefix>.results}
 * @param batchBytes     values written to {@code <prefix>.batches} (ACCEPTED and ROUTED events)
 * @param onDiskBytes    the two topics' partition directories on the broker's disk (logs, indexes, markers)
 * @param writeSeconds   how long writing this size's part took (not measured against anything)
 */
public record HistoryShape(int tasks, int batches, int small, int medium, int large, int largest, long failed,
                           long duplicates, long resultBytes, long batchBytes, long onDiskBytes,
                           double writeSeconds) {

    static HistoryShape of(List<BatchTruth> history, long onDiskBytes, double writeSeconds) {
        int tasks = 0;
        int small = 0;
        int medium = 0;
        int large = 0;
        int largest = 0;
        long failed = 0;
        long duplicates = 0;
        long resultBytes = 0;
        long batchBytes = 0;
        for (BatchTruth b : history) {
            tasks += b.tasks();
            if (b.tasks() <= 300) {
                small++;
            } else if (b.tasks() < 10_000) {
                medium++;
            } else {
                large++;
            }
            largest = Math.max(largest, b.tasks());
            failed += b.failed();
            duplicates += b.duplicates();
            resultBytes += b.resultBytes();
            batchBytes += b.batchEventBytes();
        }
        return new HistoryShape(tasks, history.size(), small, medium, large, largest, failed, duplicates, resultBytes,
                batchBytes, onDiskBytes, writeSeconds);
    }

    public double resultMib() {
        return resultBytes / 1048576.0;
    }
}
