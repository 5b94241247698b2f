package dev.taskfleet.benchmarks.batchtier;

import dev.taskfleet.benchmarks.HarnessOptions;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** What one {@link BatchTierBenchmark} run does. */
@Command(name = "BatchTierBenchmark", sortOptions = false, showDefaultValues = true,
        description = "The demo batch all on-line versus its bulk work on a simulated batch tier, on the packaged fleet.",
        footer = {"The work directory is <home>/benchmarks/target/batch-tier-run unless --work-dir names one.",
                HarnessOptions.HOME_FOOTER})
public final class BatchTierOptions extends HarnessOptions {

    /** The tasks in the demo batch. */
    static final int DEMO_TASKS = 1000;

    @Option(names = "--tasks", paramLabel = "N", defaultValue = "1000",
            description = "the first N tasks of " + DemoBatch.FILE + " (1 to 1000)")
    private int tasks;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3",
            description = "measured batches per scenario (same tasks, fresh ids); the table gives median, min and max")
    private int runs;

    @Option(names = "--gather-time", paramLabel = "DURATION", defaultValue = "PT10S",
            description = "the batch tier's batch.gather-time: longest it gathers before sending a provider batch")
    private Duration gatherTime;

    @Option(names = "--turnaround", paramLabel = "DURATION", defaultValue = "PT60S",
            description = "the simulated provider's turnaround: a provider batch ends this long after it was sent")
    private Duration turnaround;

    @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "PT2S",
            description = "the batch tier's batch.poll-interval")
    private Duration pollInterval;

    @Option(names = "--batch-discount", paramLabel = "SHARE", defaultValue = "0.5",
            description = "the batch tier's price as a share of fast's (OpenAI and Anthropic charge half)")
    private double batchDiscount;

    @Option(names = "--in-flight", paramLabel = "N", defaultValue = "64",
            description = "each on-line worker's max-in-flight (one worker per tier), as in the demo")
    private int inFlight;

    public BatchTierOptions() {
        super("batch-tier-run");
    }

    @Override
    protected void check() {
        if (tasks < 1 || tasks > DEMO_TASKS || runs < 1 || inFlight < 1 || inFlight > 10_000) {
            throw new IllegalArgumentException("tasks must be 1 to " + DEMO_TASKS + ", runs at least 1, in-flight 1 to 10000");
        }
        if (gatherTime.isNegative() || gatherTime.isZero() || turnaround.isNegative() || pollInterval.isNegative()
                || pollInterval.isZero()) {
            throw new IllegalArgumentException("gather-time and poll-interval must be positive, turnaround not negative");
        }
        if (batchDiscount <= 0 || batchDiscount > 1) {
            throw new IllegalArgumentException("batch-discount must be above 0 and at most 1, was " + batchDiscount);
        }
    }

    public int tasks() {
        return tasks;
    }

    public int runs() {
        return runs;
    }

    public Duration gatherTime() {
        return gatherTime;
    }

    public Duration turnaround() {
        return turnaround;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public double batchDiscount() {
        return batchDiscount;
    }

    public int inFlight() {
        return inFlight;
    }
}
