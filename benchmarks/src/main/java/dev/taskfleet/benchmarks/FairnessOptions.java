package dev.taskfleet.benchmarks;

import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What one {@link FairnessBenchmark} run does: its command line and the figures derived from it. */
@Command(name = "FairnessBenchmark", sortOptions = false, showDefaultValues = true,
        description = "A small batch of one team submitted behind another team's large batch on one saturated tier, "
                + "lanes off and on.",
        footer = {"The work directory is <home>/benchmarks/target/fairness-run unless --work-dir names one.",
                HarnessOptions.HOME_FOOTER})
public final class FairnessOptions extends HarnessOptions {

    @Option(names = "--bulk", paramLabel = "N", defaultValue = "3000", description = "tasks of the large batch (team bench)")
    private int bulkTasks;

    @Option(names = "--small", paramLabel = "N", defaultValue = "10", description = "tasks of the small batch (team small)")
    private int smallTasks;

    @Option(names = "--in-flight", paramLabel = "N", defaultValue = "32", description = "the one worker's max-in-flight")
    private int inFlight;

    @Option(names = "--latency", paramLabel = "DURATION", defaultValue = "PT0.5S",
            description = "the simulated model latency (every call takes exactly this long), ISO-8601")
    private Duration latency;

    @Option(names = "--delay", paramLabel = "DURATION", defaultValue = "PT3S",
            description = "how long after the large batch was accepted the small one is submitted")
    private Duration delay;

    @Mixin
    private ServiceProperties serviceProperties = new ServiceProperties();

    public FairnessOptions() {
        super("fairness-run");
    }

    @Override
    protected void check() {
        if (bulkTasks < 1 || smallTasks < 1 || inFlight < 1) {
            throw new IllegalArgumentException("bulk, small and in-flight must be at least 1");
        }
        if (bulkTasks <= inFlight) {
            throw new IllegalArgumentException("bulk (" + bulkTasks + ") must exceed in-flight (" + inFlight
                    + ") for the large batch to saturate the tier");
        }
        if (latency.isNegative() || latency.isZero() || delay.isNegative()) {
            throw new IllegalArgumentException("latency must be positive and delay not negative");
        }
    }

    public int bulkTasks() {
        return bulkTasks;
    }

    public int smallTasks() {
        return smallTasks;
    }

    public int inFlight() {
        return inFlight;
    }

    public Duration latency() {
        return latency;
    }

    public Duration delay() {
        return delay;
    }

    /** Extra system properties for every service, set after the harness's own. */
    public Map<String, String> serviceProperties() {
        return serviceProperties.values();
    }

    /** How long the large batch keeps the tier busy at best: its tasks in waves of in-flight calls. */
    public Duration bulkDrain() {
        return latency.multipliedBy((bulkTasks + inFlight - 1) / inFlight);
    }
}
