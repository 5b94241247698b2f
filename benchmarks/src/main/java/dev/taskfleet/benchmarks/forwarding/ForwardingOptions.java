package dev.taskfleet.benchmarks.forwarding;

import dev.taskfleet.benchmarks.BenchmarkOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one {@link RouterThroughputBenchmark} run does.
 *
 * @param home          the repository root ({@code -Dtaskfleet.home}, default the working directory)
 * @param workDir       broker data and logs; default {@code <home>/benchmarks/target/router-run}
 * @param tasks         records pre-loaded on {@code <prefix>.tasks}; default 200,000
 * @param seed          the task mix's seed; default 42
 * @param partitions    partitions of every topic (the services' default is 6); default 6
 * @param transactional whether the transactional copy runs too; default true
 * @param maxPollRecords    the copies' {@code max.poll.records}, i.e. records per transaction of the
 *                          transactional copy; default 500 (the client default, which the router uses too)
 * @param routerProperties  extra system properties for the router, e.g. {@code kafka.max.poll.records=2000}
 *                          (every {@code kafka.*} key reaches its clients); default none
 */
public record ForwardingOptions(Path home, Path workDir, int tasks, long seed, int partitions, boolean transactional,
                                int maxPollRecords, Map<String, String> routerProperties) {

    static final String USAGE = """
            usage: RouterThroughputBenchmark [--tasks=200000] [--seed=42] [--partitions=6] [--transactional=true]
                                             [--max-poll-records=500] [--router-property=KEY=VALUE ...]
                                             [--work-dir=DIR]
            The repository root is -Dtaskfleet.home (default: the working directory).""";

    public ForwardingOptions {
        if (tasks < 1_000) {
            throw new IllegalArgumentException("tasks must be at least 1000 (percentiles of fewer say little): " + tasks);
        }
        if (partitions < 1 || maxPollRecords < 1) {
            throw new IllegalArgumentException("partitions and max-poll-records must be at least 1");
        }
        routerProperties = Map.copyOf(routerProperties);
    }

    /** Parses {@code --key=value} arguments over the defaults. */
    public static ForwardingOptions parse(String[] args) {
        Path home = Path.of(System.getProperty(BenchmarkOptions.HOME_PROPERTY, "")).toAbsolutePath().normalize();
        Path workDir = null;
        int tasks = 200_000;
        long seed = 42;
        int partitions = 6;
        boolean transactional = true;
        int maxPollRecords = 500;
        Map<String, String> routerProperties = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("not an option: " + arg);
            }
            String value = arg.substring(eq + 1);
            switch (arg.substring(2, eq)) {
                case "tasks" -> tasks = Integer.parseInt(value);
                case "seed" -> seed = Long.parseLong(value);
                case "partitions" -> partitions = Integer.parseInt(value);
                case "transactional" -> transactional = Boolean.parseBoolean(value);
                case "max-poll-records" -> maxPollRecords = Integer.parseInt(value);
                case "router-property" -> {
                    int split = value.indexOf('=');
                    if (split < 1) {
                        throw new IllegalArgumentException("a router property is KEY=VALUE: " + value);
                    }
                    routerProperties.put(value.substring(0, split), value.substring(split + 1));
                }
                case "work-dir" -> workDir = Path.of(value).toAbsolutePath().normalize();
                default -> throw new IllegalArgumentException("unknown option: " + arg);
            }
        }
        if (workDir == null) {
            workDir = home.resolve("benchmarks").resolve("target").resolve("router-run");
        }
        return new ForwardingOptions(home, workDir, tasks, seed, partitions, transactional, maxPollRecords,
                routerProperties);
    }
}
