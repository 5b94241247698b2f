package dev.taskfleet.benchmarks.submission;

import dev.taskfleet.benchmarks.BenchmarkOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one {@link SubmissionBenchmark} run does.
 *
 * @param home          the repository root ({@code -Dtaskfleet.home}, default the working directory)
 * @param workDir       files, broker data and logs; default {@code <home>/benchmarks/target/submission-run}
 * @param cases         the submissions, in order, each with a fresh producer; default 10,000 and 100,000
 *                      tasks at the launcher's {@code -Xmx384m}
 * @param warmupTasks   tasks of the unmeasured batch each fresh producer gets first (JIT); default 20,000
 * @param seed          the task file's seed; default 42
 * @param maxBatchBytes the producer's {@code taskfleet.producer.max-batch-bytes}; 512M, the default
 *                      (100,000 tasks of 200-2,000 characters are about 120 MiB)
 */
public record SubmissionOptions(Path home, Path workDir, List<Case> cases, int warmupTasks, long seed,
                                String maxBatchBytes) {

    static final String USAGE = """
            usage: SubmissionBenchmark [--cases=10000,100000] [--warmup=20000] [--seed=42] [--max-batch-bytes=512M]
                                       [--work-dir=DIR]
            A case is TASKS or TASKS@HEAP (the producer's -Xmx, e.g. 100000@128m; default 384m).
            The repository root is -Dtaskfleet.home (default: the working directory).""";

    public SubmissionOptions {
        cases = List.copyOf(cases);
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("at least one case");
        }
        if (warmupTasks < 0) {
            throw new IllegalArgumentException("warmup must be at least 0");
        }
    }

    /** Parses {@code --key=value} arguments over the defaults. */
    public static SubmissionOptions parse(String[] args) {
        Path home = Path.of(System.getProperty(BenchmarkOptions.HOME_PROPERTY, "")).toAbsolutePath().normalize();
        Path workDir = null;
        List<Case> cases = List.of(new Case(10_000, Case.DEFAULT_HEAP), new Case(100_000, Case.DEFAULT_HEAP));
        int warmup = 20_000;
        long seed = 42;
        String maxBatchBytes = "512M";
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("not an option: " + arg);
            }
            String value = arg.substring(eq + 1);
            switch (arg.substring(2, eq)) {
                case "cases" -> cases = parseCases(value);
                case "warmup" -> warmup = Integer.parseInt(value);
                case "seed" -> seed = Long.parseLong(value);
                case "max-batch-bytes" -> maxBatchBytes = value;
                case "work-dir" -> workDir = Path.of(value).toAbsolutePath().normalize();
                default -> throw new IllegalArgumentException("unknown option: " + arg);
            }
        }
        if (workDir == null) {
            workDir = home.resolve("benchmarks").resolve("target").resolve("submission-run");
        }
        return new SubmissionOptions(home, workDir, cases, warmup, seed, maxBatchBytes);
    }

    static List<Case> parseCases(String value) {
        List<Case> cases = new ArrayList<>();
        for (String item : value.split(",")) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int at = trimmed.indexOf('@');
            cases.add(at < 0 ? new Case(Integer.parseInt(trimmed), Case.DEFAULT_HEAP)
                    : new Case(Integer.parseInt(trimmed.substring(0, at)), trimmed.substring(at + 1)));
        }
        return cases;
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
            if (tasks < 1 || tasks > 100_000) {
                throw new IllegalArgumentException("tasks must be 1 to 100000 (the producer's batch limit): " + tasks);
            }
            if (!heap.toLowerCase(Locale.ROOT).matches("\\d+[kmg]")) {
                throw new IllegalArgumentException("not a heap size: " + heap);
            }
        }
    }
}
