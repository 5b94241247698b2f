package dev.taskfleet.benchmarks.history;

import dev.taskfleet.benchmarks.HarnessOptions;
import dev.taskfleet.benchmarks.ServiceProperties;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What one {@link HistoryBenchmark} run does. */
@Command(name = "HistoryBenchmark", sortOptions = false, showDefaultValues = true,
        description = "A new producer replica over a day's history of finished batches: seconds to ready, heap after "
                + "a full GC, peak RSS and CPU to ready, with each history size and heap.",
        footer = {"The work directory is <home>/benchmarks/target/history-run unless --work-dir names one.",
                HarnessOptions.HOME_FOOTER})
public final class HistoryOptions extends HarnessOptions {

    /** Below this a history has too few batches to check old, large and new ones apart. */
    static final int MIN_TASKS = 200;

    @Option(names = "--tasks", split = "\\s*,\\s*", splitSynopsisLabel = ",", paramLabel = "N",
            defaultValue = "100000,1000000",
            description = "history sizes in tasks, ascending; the history grows from one to the next on the same "
                    + "topics (the larger one holds the smaller one), and each size is measured on its own")
    private List<Integer> tasks;

    @Option(names = "--heaps", split = "\\s*,\\s*", splitSynopsisLabel = ",", paramLabel = "HEAP",
            defaultValue = "512m,256m",
            description = "the new replica's -Xmx, one case each per history size; a case that does not become "
                    + "ready (out of memory, or not within --ready-timeout) is reported as such, and its "
                    + "remaining runs are skipped")
    private List<String> heaps;

    @Option(names = "--starts", split = "\\s*,\\s*", splitSynopsisLabel = ",", paramLabel = "START",
            defaultValue = "replay,checkpoint",
            description = "how each replica starts, one case each: replay (checkpoints off: the whole history is "
                    + "read) or checkpoint (the newest checkpoint is taken over; a replica started and stopped "
                    + "before the size's first such case writes one that covers the history)")
    private List<String> starts;

    @Option(names = "--since-checkpoint", paramLabel = "TASKS", defaultValue = "100000",
            description = "tasks of each history size written after the checkpoint the checkpoint cases take over "
                    + "(the newest batches, whole, about this many tasks): what a replica reads on from it, as "
                    + "in a fleet busy since the last checkpoint")
    private int sinceCheckpoint;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3",
            description = "fresh replicas per case (history size and heap), each started cold")
    private int runs;

    @Option(names = "--ready-timeout", paramLabel = "DURATION", defaultValue = "PT3M",
            description = "how long a replica may take to become ready before the case counts as not ready, ISO-8601")
    private Duration readyTimeout;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "the history's seed")
    private long seed;

    @Option(names = "--duplicate-rate", paramLabel = "FRACTION", defaultValue = "0.0005",
            description = "share of results written twice (a worker that died after publishing), "
                    + "which every reader must drop")
    private double duplicateRate;

    @Mixin
    private ServiceProperties serviceProperties;

    public HistoryOptions() {
        super("history-run");
    }

    /** Parses {@code --key=value} arguments over the defaults; see {@link HarnessOptions#parse}. */
    public static HistoryOptions parse(String... args) {
        return HarnessOptions.parse(new HistoryOptions(), args);
    }

    @Override
    protected void check() {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("tasks needs at least one history size");
        }
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i) < MIN_TASKS || tasks.get(i) > 20_000_000) {
                throw new IllegalArgumentException("tasks must be " + MIN_TASKS + " to 20000000: " + tasks.get(i));
            }
            if (i > 0 && tasks.get(i) <= tasks.get(i - 1)) {
                throw new IllegalArgumentException("tasks must be ascending (the history grows): " + tasks);
            }
        }
        if (heaps.isEmpty() || heaps.stream().anyMatch(h -> !h.toLowerCase(Locale.ROOT).matches("\\d+[kmg]"))) {
            throw new IllegalArgumentException("heaps must be JVM heap sizes such as 512m: " + heaps);
        }
        if (starts.isEmpty() || starts.stream().anyMatch(start -> !ReplicaMeasurement.STARTS.contains(start))) {
            throw new IllegalArgumentException("starts must be " + ReplicaMeasurement.STARTS + ": " + starts);
        }
        if (sinceCheckpoint < 0) {
            throw new IllegalArgumentException("since-checkpoint must not be negative: " + sinceCheckpoint);
        }
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1");
        }
        if (readyTimeout.isNegative() || readyTimeout.isZero()) {
            throw new IllegalArgumentException("ready-timeout must be positive: " + readyTimeout);
        }
        if (duplicateRate < 0 || duplicateRate > 0.5) {
            throw new IllegalArgumentException("duplicate-rate must be 0 to 0.5: " + duplicateRate);
        }
    }

    /** History sizes in tasks, ascending. */
    public List<Integer> tasks() {
        return List.copyOf(tasks);
    }

    /** The replica's {@code -Xmx} values, e.g. {@code 512m}. */
    public List<String> heaps() {
        return List.copyOf(heaps);
    }

    /** {@link ReplicaMeasurement#REPLAY} and/or {@link ReplicaMeasurement#CHECKPOINT}. */
    public List<String> starts() {
        return List.copyOf(starts);
    }

    /** Tasks written after the checkpoint, per size. */
    public int sinceCheckpoint() {
        return sinceCheckpoint;
    }

    public int runs() {
        return runs;
    }

    public Duration readyTimeout() {
        return readyTimeout;
    }

    public long seed() {
        return seed;
    }

    public double duplicateRate() {
        return duplicateRate;
    }

    public ServiceProperties serviceProperties() {
        return serviceProperties;
    }
}
