package dev.taskfleet.benchmarks.forwarding;

import dev.taskfleet.benchmarks.HarnessOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/** What one {@link RouterThroughputBenchmark} run does. */
@Command(name = "RouterThroughputBenchmark", sortOptions = false, showDefaultValues = true,
        description = "The router forwarding a backlog exactly once, against a plain and a transactional copy.",
        footer = {"The work directory is <home>/benchmarks/target/router-run unless --work-dir names one.",
                HarnessOptions.HOME_FOOTER})
public final class ForwardingOptions extends HarnessOptions {

    @Option(names = "--tasks", paramLabel = "N", defaultValue = "200000",
            description = "records pre-loaded on <prefix>.tasks (at least 1000)")
    private int tasks;

    @Option(names = "--warm-up", paramLabel = "N", defaultValue = "100000",
            description = "records every forwarder moves first, outside the measured window, so each is measured "
                    + "warm (0: the router starts cold on the measured records); the measured records wait in a "
                    + "transaction held open meanwhile, for at most 10 minutes")
    private int warmUp;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "the task mix's seed")
    private long seed;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "6",
            description = "partitions of every topic (the services' default is 6)")
    private int partitions;

    @Option(names = "--transactional", arity = "1", paramLabel = "true|false", defaultValue = "true",
            showDefaultValue = Visibility.ALWAYS, description = "whether the transactional copy runs too")
    private boolean transactional;

    @Option(names = "--max-poll-records", paramLabel = "N", defaultValue = "500",
            description = "the copies' max.poll.records, i.e. records per transaction of the transactional copy "
                    + "(the client default, which the router uses too)")
    private int maxPollRecords;

    @Option(names = "--copy-batching", paramLabel = "router|kafka", defaultValue = "router",
            description = "the copies' producer batching: the router's (linger.ms=10, batch.size=131072) or "
                    + "Kafka's defaults (5 ms, 16384), which the router and the copies had until 5 December 2026")
    private CopyBatching copyBatching;

    @Option(names = "--router-property", paramLabel = "KEY=VALUE", showDefaultValue = Visibility.NEVER,
            description = "an extra system property for the router, repeatable, e.g. kafka.max.poll.records=2000 "
                    + "(every kafka.* key reaches its clients)")
    private Map<String, String> routerProperties = new LinkedHashMap<>();

    @Option(names = "--jfr", paramLabel = "DIR",
            description = "record the router with JFR (settings=profile) from its start to its exit, "
                    + "as DIR/router-<run id>.jfr (default: no recording)")
    private Path jfr;

    public ForwardingOptions() {
        super("router-run");
    }

    /** Parses {@code --key=value} arguments over the defaults; see {@link HarnessOptions#parse}. */
    public static ForwardingOptions parse(String... args) {
        return HarnessOptions.parse(new ForwardingOptions(), args);
    }

    @Override
    protected void check() {
        if (tasks < 1_000) {
            throw new IllegalArgumentException("tasks must be at least 1000 (percentiles of fewer say little): " + tasks);
        }
        if (warmUp < 0) {
            throw new IllegalArgumentException("warm-up must not be negative: " + warmUp);
        }
        if (partitions < 1 || maxPollRecords < 1) {
            throw new IllegalArgumentException("partitions and max-poll-records must be at least 1");
        }
    }

    public int tasks() {
        return tasks;
    }

    /** Records forwarded before the measured ones. */
    public int warmUp() {
        return warmUp;
    }

    public long seed() {
        return seed;
    }

    public int partitions() {
        return partitions;
    }

    public boolean transactional() {
        return transactional;
    }

    public int maxPollRecords() {
        return maxPollRecords;
    }

    /** The producer batching of both copies. */
    public CopyBatching copyBatching() {
        return copyBatching;
    }

    /** Where the router's JFR recording goes, or {@code null} for none. */
    public Path jfr() {
        return jfr == null ? null : jfr.toAbsolutePath().normalize();
    }

    /** Extra system properties for the router. */
    public Map<String, String> routerProperties() {
        return Map.copyOf(routerProperties);
    }
}
