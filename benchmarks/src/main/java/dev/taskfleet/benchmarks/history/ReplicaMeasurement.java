package dev.taskfleet.benchmarks.history;

/**
 * What one fresh producer replica measured over a history.
 *
 * @param historyTasks      tasks in the history it replayed
 * @param heap              its {@code -Xmx}, as given
 * @param start             {@value #REPLAY} (checkpoints off) or {@value #CHECKPOINT} (took over a checkpoint)
 * @param run               1-based run of this case
 * @param outcome           {@code ready}, or why not: {@code out of memory}, {@code not ready in N s}, {@code exited (code)}
 * @param secondsToReady    process start to {@code /q/health/ready} answering 200 (NaN if never)
 * @param secondsToTracker  process start to the tracker starting to read, from the producer's log: the JVM and
 *                          Quarkus starting, topics checked (NaN if not logged)
 * @param secondsToCaughtUp process start to the tracker's "caught up" line (NaN if not logged)
 * @param recordsRead       records the tracker read until caught up, from that line (-1 if not logged)
 * @param heapAfterFullGcBytes heap in use after a full GC ({@code jcmd GC.run}) once ready, from the GC log (-1 if not ready)
 * @param peakHeapBytes     the highest heap use a collection found between start and ready (GC log)
 * @param collections       collections between start and ready
 * @param fullCollections   of which full ones (a sign the heap was too small)
 * @param peakRssKib        highest VmRSS from start to ready, sampled every 250 ms (-1 if unknown)
 * @param cpuSeconds        the process's CPU time (user + system) from start to ready (NaN if unknown)
 */
public record ReplicaMeasurement(int historyTasks, String heap, String start, int run, String outcome,
                                 double secondsToReady, double secondsToTracker, double secondsToCaughtUp,
                                 long recordsRead, long heapAfterFullGcBytes,
                                 long peakHeapBytes, int collections, int fullCollections, long peakRssKib,
                                 double cpuSeconds) {

    public static final String READY = "ready";
    /** Checkpoints off: the replica reads the whole history. */
    public static final String REPLAY = "replay";
    /** The replica takes over the newest checkpoint and reads what came after it. */
    public static final String CHECKPOINT = "checkpoint";
    static final java.util.List<String> STARTS = java.util.List.of(REPLAY, CHECKPOINT);
    private static final double MIB = 1024.0 * 1024.0;

    public boolean ready() {
        return READY.equals(outcome);
    }

    public double heapAfterFullGcMib() {
        return heapAfterFullGcBytes / MIB;
    }

    public double peakHeapMib() {
        return peakHeapBytes / MIB;
    }

    public double peakRssMib() {
        return peakRssKib / 1024.0;
    }
}
