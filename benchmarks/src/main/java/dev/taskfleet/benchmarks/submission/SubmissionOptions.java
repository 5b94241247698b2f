package dev.taskfleet.benchmarks.submission;

import dev.taskfleet.benchmarks.HarnessOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** What one {@link SubmissionBenchmark} run does. */
@Command(name = "SubmissionBenchmark", sortOptions = false, showDefaultValues = true,
        description = "A large JSONL submission to the producer alone: time to the 202 and the producer's peak heap.",
        footer = {"The work directory is <home>/benchmarks/target/submission-run unless --work-dir names one.",
                HarnessOptions.HOME_FOOTER})
public final class SubmissionOptions extends HarnessOptions {

    /** The producer's default limit of tasks per batch: no case, and no warm-up batch, is larger. */
    static final int MAX_BATCH_TASKS = 100_000;

    @Option(names = "--cases", split = "\\s*,\\s*", splitSynopsisLabel = ",", paramLabel = "N[@HEAP]",
            defaultValue = "10000,100000",
            converter = CaseConverter.class,
            description = "the submissions, in order, each to a fresh producer: N tasks, optionally at the producer's "
                    + "-Xmx HEAP (e.g. 100000@128m; default " + Case.DEFAULT_HEAP + ")")
    private List<Case> cases;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "20000",
            description = "tasks of the unmeasured batch each fresh producer gets first (JIT)")
    private int warmupTasks;

    @Option(names = "--warmup-batches", paramLabel = "N", defaultValue = "1",
            description = "times each fresh producer gets the warm-up batch before the measured one (a batch holds at "
                    + "most 100,000 tasks, so a longer warm-up is more batches)")
    private int warmupBatches;

    @Option(names = "--raw-passes", paramLabel = "N", defaultValue = "3",
            description = "timed passes of the raw producer over the batch's records, each to a fresh topic; the "
                    + "median is the ceiling")
    private int rawPasses;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "the task file's seed")
    private long seed;

    @Option(names = "--max-batch-bytes", paramLabel = "SIZE", defaultValue = "512M",
            description = "the producer's taskfleet.producer.max-batch-bytes (100,000 tasks of 200-2,000 characters "
                    + "are about 120 MiB)")
    private String maxBatchBytes;

    @Option(names = "--jfr", paramLabel = "DIR",
            description = "record the producer with JFR (settings=profile) during each measured submission, "
                    + "one file per case in DIR (default: no recording)")
    private Path jfr;

    public SubmissionOptions() {
        super("submission-run");
    }

    /** Parses {@code --key=value} arguments over the defaults; see {@link HarnessOptions#parse}. */
    public static SubmissionOptions parse(String... args) {
        return HarnessOptions.parse(new SubmissionOptions(), args);
    }

    @Override
    protected void check() {
        if (warmupTasks < 0 || warmupTasks > MAX_BATCH_TASKS) {
            throw new IllegalArgumentException("warmup must be 0 to " + MAX_BATCH_TASKS
                    + " tasks (the producer's batch limit; use --warmup-batches for more): " + warmupTasks);
        }
        if (rawPasses < 1) {
            throw new IllegalArgumentException("raw-passes must be at least 1: " + rawPasses);
        }
        if (warmupBatches < 1) {
            throw new IllegalArgumentException("warmup-batches must be at least 1: " + warmupBatches);
        }
    }

    public List<Case> cases() {
        return List.copyOf(cases);
    }

    public int warmupTasks() {
        return warmupTasks;
    }

    public int warmupBatches() {
        return warmupBatches;
    }

    public int rawPasses() {
        return rawPasses;
    }

    public long seed() {
        return seed;
    }

    /** Where JFR recordings go, or {@code null} for none. */
    public Path jfr() {
        return jfr == null ? null : jfr.toAbsolutePath().normalize();
    }

    public String maxBatchBytes() {
        return maxBatchBytes;
    }

    /**
     * One submission: a file of {@code tasks} tasks to a producer with {@code -Xmx<heap>}.
     *
     * @param tasks 1 to 100,000 (the producer's default per-batch limit)
     * @param heap  a JVM heap size such as {@code 384m}
     */
    public record Case(int tasks, String heap) {

        /** The launcher's heap for every service. */
        public static final String DEFAULT_HEAP = "384m";

        public Case {
            if (tasks < 1 || tasks > MAX_BATCH_TASKS) {
                throw new IllegalArgumentException("tasks must be 1 to " + MAX_BATCH_TASKS
                        + " (the producer's batch limit): " + tasks);
            }
            if (!heap.toLowerCase(Locale.ROOT).matches("\\d+[kmg]")) {
                throw new IllegalArgumentException("not a heap size: " + heap);
            }
        }

        /** {@code TASKS} or {@code TASKS@HEAP}. */
        static Case parse(String value) {
            String trimmed = value.trim();
            int at = trimmed.indexOf('@');
            return at < 0 ? new Case(Integer.parseInt(trimmed), DEFAULT_HEAP)
                    : new Case(Integer.parseInt(trimmed.substring(0, at)), trimmed.substring(at + 1));
        }
    }

    /** Lets picocli read one {@link Case}. */
    static final class CaseConverter implements ITypeConverter<Case> {
        @Override
        public Case convert(String value) {
            return Case.parse(value);
        }
    }
}
