package dev.taskfleet.benchmarks.pipeline;

import dev.taskfleet.benchmarks.HarnessOptions;
import dev.taskfleet.benchmarks.ServiceProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What one {@link PipelineOverheadBenchmark} run does. */
@Command(name = "PipelineOverheadBenchmark", sortOptions = false, showDefaultValues = true,
        description = "The packaged fleet end to end (REST -> router -> workers -> results -> COMPLETED) with an "
                + "instant simulated model, against a bare 3-hop consume-produce copy of the same records.",
        footer = {"The work directory is <home>/benchmarks/target/pipeline-run unless --work-dir names one.",
                HarnessOptions.HOME_FOOTER})
public final class PipelineOptions extends HarnessOptions {

    @Option(names = "--tasks", paramLabel = "N", defaultValue = "20000",
            description = "tasks per measured batch, and records per bare copy (1 to 100000, the producer's batch limit)")
    private int tasks;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "10000",
            description = "tasks of each unmeasured warm-up batch (and its bare copy); 0 for none")
    private int warmup;

    @Option(names = "--warmup-batches", paramLabel = "N", defaultValue = "1",
            description = "unmeasured warm-up batches of --warmup tasks each, one after another (a batch holds at "
                    + "most 100000 tasks, so a longer warm-up is more batches)")
    private int warmupBatches;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "1",
            description = "measured rounds on the same fleet and broker, each a batch then a bare copy")
    private int runs;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "the task mix's seed")
    private long seed;

    @Option(names = "--latency", paramLabel = "DURATION", defaultValue = "PT0.001S",
            description = "the simulated model's latency on every tier (no spread, no failures), ISO-8601")
    private Duration latency;

    @Option(names = "--max-poll-records", paramLabel = "N", defaultValue = "500",
            description = "the bare hops' max.poll.records (the client default)")
    private int maxPollRecords;

    @Option(names = "--jfr", paramLabel = "DIR",
            description = "record every service with JFR (settings=profile) during the first measured batch, "
                    + "one file per service in DIR (default: no recording)")
    private Path jfr;

    @Mixin
    private ServiceProperties serviceProperties;

    public PipelineOptions() {
        super("pipeline-run");
    }

    /** Parses {@code --key=value} arguments over the defaults; see {@link HarnessOptions#parse}. */
    public static PipelineOptions parse(String... args) {
        return HarnessOptions.parse(new PipelineOptions(), args);
    }

    @Override
    protected void check() {
        if (tasks < 1 || tasks > 100_000 || warmup < 0 || warmup > 100_000) {
            throw new IllegalArgumentException("tasks must be 1 to 100000 and warmup 0 to 100000 (one batch each)");
        }
        if (runs < 1 || maxPollRecords < 1 || warmupBatches < 1) {
            throw new IllegalArgumentException("runs, warmup-batches and max-poll-records must be at least 1");
        }
        if (latency.isNegative() || latency.isZero()) {
            throw new IllegalArgumentException("latency must be positive: " + latency);
        }
    }

    public int tasks() {
        return tasks;
    }

    public int warmup() {
        return warmup;
    }

    public int warmupBatches() {
        return warmupBatches;
    }

    public int runs() {
        return runs;
    }

    public long seed() {
        return seed;
    }

    public Duration latency() {
        return latency;
    }

    public int maxPollRecords() {
        return maxPollRecords;
    }

    /** Where JFR recordings go, or {@code null} for none. */
    public Path jfr() {
        return jfr == null ? null : jfr.toAbsolutePath().normalize();
    }

    /** Extra system properties for every service, after the harness's own. */
    public Map<String, String> serviceProperties() {
        return serviceProperties.values();
    }
}
