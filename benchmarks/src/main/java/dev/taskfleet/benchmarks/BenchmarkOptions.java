package dev.taskfleet.benchmarks;

import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** What one {@link InFlightBenchmark} run does: its command line and the figures derived from it. */
@Command(name = "InFlightBenchmark", sortOptions = false, showDefaultValues = true,
        description = "One worker at several in-flight levels against a simulated model with a fixed latency.",
        footer = {"The work directory is <home>/benchmarks/target/inflight-run unless --work-dir names one.",
                HarnessOptions.HOME_FOOTER})
public final class BenchmarkOptions extends HarnessOptions {

    @Option(names = "--levels", split = ",", paramLabel = "N", defaultValue = "1,16,64,256",
            description = "the worker's max-in-flight values, one fleet each, in this order")
    private List<Integer> levels;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "12",
            description = "latencies' worth of measured tasks per level: tasks = level x this")
    private int secondsOfWork;

    @Option(names = "--min-tasks", paramLabel = "N", defaultValue = "15",
            description = "the fewest measured tasks at any level")
    private int minTasks;

    @Option(names = "--warmup-seconds", paramLabel = "N", defaultValue = "3",
            description = "latencies' worth of unmeasured warm-up tasks per level; 0 for none")
    private int warmupSeconds;

    @Option(names = "--latency", paramLabel = "DURATION", defaultValue = "PT1S",
            description = "the simulated model latency (every call takes exactly this long), ISO-8601")
    private Duration latency;

    public BenchmarkOptions() {
        super("inflight-run");
    }

    /** Parses {@code --key=value} arguments over the defaults; see {@link HarnessOptions#parse}. */
    public static BenchmarkOptions parse(String... args) {
        return HarnessOptions.parse(new BenchmarkOptions(), args);
    }

    @Override
    protected void check() {
        if (levels.isEmpty() || levels.stream().anyMatch(level -> level < 1 || level > 10_000)) {
            throw new IllegalArgumentException("levels must be 1 to 10000 (the worker's max-in-flight range): " + levels);
        }
        if (latency.isNegative() || latency.isZero()) {
            throw new IllegalArgumentException("latency must be positive: " + latency);
        }
        if (secondsOfWork < 1 || minTasks < 1 || warmupSeconds < 0) {
            throw new IllegalArgumentException("seconds and min-tasks must be at least 1, warmup-seconds at least 0");
        }
    }

    /** The worker's {@code max-in-flight} values, one fleet each, in this order. */
    public List<Integer> levels() {
        return List.copyOf(levels);
    }

    /** The simulated model latency; every call takes exactly this long. */
    public Duration latency() {
        return latency;
    }

    /** Measured tasks at {@code level}: {@code --seconds} full waves, at least {@code --min-tasks}. */
    public int measuredTasks(int level) {
        return Math.max(minTasks, level * secondsOfWork);
    }

    /** Warm-up tasks at {@code level}: {@code --warmup-seconds} full waves, at least 5 unless warm-up is off. */
    public int warmupTasks(int level) {
        return warmupSeconds == 0 ? 0 : Math.max(5, level * warmupSeconds);
    }
}
