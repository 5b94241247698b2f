package dev.taskfleet.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one {@link InFlightBenchmark} run does.
 *
 * @param home          the repository root (services run from {@code <module>/target}); {@code -Dtaskfleet.home}, default the working directory
 * @param workDir       broker data and every service's log; default {@code <home>/benchmarks/target/inflight-run}
 * @param levels        the worker's {@code max-in-flight} values, one fleet each, in this order; default 1, 16, 64, 256
 * @param latency       the simulated model latency (every call takes exactly this long); default 1 s
 * @param secondsOfWork how many latencies' worth of tasks one level gets: tasks = level × this; default 12
 * @param minTasks      the fewest measured tasks at any level; default 15
 * @param warmupSeconds latencies' worth of warm-up tasks per level, not measured; default 3
 */
public record BenchmarkOptions(Path home, Path workDir, List<Integer> levels, Duration latency, int secondsOfWork,
                               int minTasks, int warmupSeconds) {

    public static final String HOME_PROPERTY = "taskfleet.home";

    static final String USAGE = """
            usage: InFlightBenchmark [--levels=1,16,64,256] [--seconds=12] [--min-tasks=15] [--warmup-seconds=3]
                                     [--latency=PT1S] [--work-dir=DIR]
            The repository root is -Dtaskfleet.home (default: the working directory).""";

    public BenchmarkOptions {
        levels = List.copyOf(levels);
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

    /** Parses {@code --key=value} arguments over the defaults. */
    public static BenchmarkOptions parse(String[] args) {
        Path home = Path.of(System.getProperty(HOME_PROPERTY, "")).toAbsolutePath().normalize();
        Path workDir = null;
        List<Integer> levels = List.of(1, 16, 64, 256);
        Duration latency = Duration.ofSeconds(1);
        int seconds = 12;
        int minTasks = 15;
        int warmup = 3;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("not an option: " + arg);
            }
            String value = arg.substring(eq + 1);
            switch (arg.substring(2, eq)) {
                case "levels" -> levels = parseLevels(value);
                case "seconds" -> seconds = Integer.parseInt(value);
                case "min-tasks" -> minTasks = Integer.parseInt(value);
                case "warmup-seconds" -> warmup = Integer.parseInt(value);
                case "latency" -> latency = Duration.parse(value);
                case "work-dir" -> workDir = Path.of(value).toAbsolutePath().normalize();
                default -> throw new IllegalArgumentException("unknown option: " + arg);
            }
        }
        if (workDir == null) {
            workDir = home.resolve("benchmarks").resolve("target").resolve("inflight-run");
        }
        return new BenchmarkOptions(home, workDir, levels, latency, seconds, minTasks, warmup);
    }

    private static List<Integer> parseLevels(String value) {
        List<Integer> levels = new ArrayList<>();
        Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).forEach(levels::add);
        return levels;
    }

    /** Measured tasks at {@code level}: {@code secondsOfWork} full waves, at least {@code minTasks}. */
    public int measuredTasks(int level) {
        return Math.max(minTasks, level * secondsOfWork);
    }

    /** Warm-up tasks at {@code level}: {@code warmupSeconds} full waves, at least 5 unless warm-up is off. */
    public int warmupTasks(int level) {
        return warmupSeconds == 0 ? 0 : Math.max(5, level * warmupSeconds);
    }
}
