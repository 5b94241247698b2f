package dev.taskfleet.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What one {@link FairnessBenchmark} run does: its command line and the figures derived from it. */
@Command(name = "FairnessBenchmark", sortOptions = false, showDefaultValues = true,
        description = "How teams share one saturated tier, lanes off and on: a small batch behind another team's "
                + "large one (small-behind-large), two teams' large batches at once (two-large), a team arriving "
                + "while another's large batch runs (late-team).",
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

    @Option(names = "--scenarios", paramLabel = "LIST", split = ",", defaultValue = "small-behind-large",
            description = "which scenarios to run, in this order: small-behind-large, two-large, late-team")
    private List<String> scenarios;

    @Option(names = "--behind-timeout", paramLabel = "DURATION",
            description = "small-behind-large: give up on the small batch this long after submitting it, report it "
                    + "not done and cancel the large batch (default: wait for it however long the large batch takes)")
    private Duration behindTimeout;

    @Option(names = "--team-tasks", paramLabel = "N", defaultValue = "8000",
            description = "two-large and late-team: tasks of each team's large batch")
    private int teamTasks;

    @Option(names = "--observe", paramLabel = "DURATION", defaultValue = "PT60S",
            description = "two-large and late-team: measure shares for at most this long after the second team "
                    + "submitted (less if a team's batch finishes first)")
    private Duration observe;

    @Option(names = "--share-window", paramLabel = "DURATION", defaultValue = "PT10S",
            description = "two-large: the fixed windows each team's share of completions is counted in")
    private Duration shareWindow;

    @Option(names = "--late-after", paramLabel = "DURATION", defaultValue = "PT15S",
            description = "late-team: how long after the first team's batch was accepted the second team submits")
    private Duration lateAfter;

    @Option(names = "--late-window", paramLabel = "DURATION", defaultValue = "PT5S",
            description = "late-team: the sliding window the late team's share is counted in (moved in 0.5 s steps)")
    private Duration lateWindow;

    @Option(names = "--finish", paramLabel = "MODE", defaultValue = "cancel",
            description = "after measuring: cancel the large batches and stop (cancel), or wait for every task's "
                    + "result and check each succeeded once (drain)")
    private String finish;

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
        if (scenarios().isEmpty()) {
            throw new IllegalArgumentException("name at least one scenario");
        }
        if (teamTasks <= inFlight) {
            throw new IllegalArgumentException("team-tasks (" + teamTasks + ") must exceed in-flight (" + inFlight + ")");
        }
        if (!List.of("cancel", "drain").contains(finish)) {
            throw new IllegalArgumentException("finish must be cancel or drain, not " + finish);
        }
        for (Duration positive : new Duration[] {observe, shareWindow, lateWindow}) {
            if (positive.isNegative() || positive.isZero()) {
                throw new IllegalArgumentException("observe, share-window and late-window must be positive");
            }
        }
        if (lateAfter.isNegative() || behindTimeout != null && (behindTimeout.isNegative() || behindTimeout.isZero())) {
            throw new IllegalArgumentException("late-after must not be negative, behind-timeout must be positive");
        }
    }

    /** The scenarios to run, in order. */
    public List<FairnessScenario> scenarios() {
        return scenarios.stream().map(FairnessScenario::named).toList();
    }

    /** The cap on the small batch's wait behind the large one, if any. */
    public Optional<Duration> behindTimeout() {
        return Optional.ofNullable(behindTimeout);
    }

    public int teamTasks() {
        return teamTasks;
    }

    public Duration observe() {
        return observe;
    }

    public Duration shareWindow() {
        return shareWindow;
    }

    public Duration lateAfter() {
        return lateAfter;
    }

    public Duration lateWindow() {
        return lateWindow;
    }

    /** Whether to wait for every task after measuring (and check each), rather than cancel what is left. */
    public boolean drain() {
        return finish.equals("drain");
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
}
