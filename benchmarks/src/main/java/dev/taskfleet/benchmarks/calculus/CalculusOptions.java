package dev.taskfleet.benchmarks.calculus;

import dev.taskfleet.benchmarks.HarnessOptions;
import dev.taskfleet.benchmarks.ServiceProperties;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What one {@link CalculusBenchmark} run does. */
@Command(name = "CalculusBenchmark", sortOptions = false, showDefaultValues = true,
        description = "One synthetic batch with hidden difficulty under each routing policy, on the packaged fleet.",
        footer = {"The work directory is <home>/benchmarks/target/calculus-run unless --work-dir names one.",
                HarnessOptions.HOME_FOOTER})
public final class CalculusOptions extends HarnessOptions {

    @Option(names = "--tasks", paramLabel = "N", defaultValue = "1000", description = "tasks in the measured batch")
    private int tasks;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "200",
            description = "tasks of an unmeasured batch (another seed) each fleet runs first: JIT warm-up, and the "
                    + "outcome history adaptive routing needs; 0 for none")
    private int warmup;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3",
            description = "measured batches per scenario (same tasks, fresh ids); the table gives median, min and max")
    private int runs;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "the batch's seed")
    private long seed;

    @Option(names = "--scenarios", split = ",", paramLabel = "ID",
            defaultValue = "all-fast,all-quality,routed,routed+escalation,adaptive,cascade",
            description = "the routing policies to run, one fleet each, in this order")
    private List<String> scenarios;

    @Option(names = "--in-flight", paramLabel = "N", defaultValue = "1000",
            description = "each worker's max-in-flight (one worker per tier)")
    private int inFlight;

    /** Extra system properties for every service; the result checks read the same values. */
    @Mixin
    private ServiceProperties serviceProperties = new ServiceProperties();

    public CalculusOptions() {
        super("calculus-run");
    }

    /** Parses {@code --key=value} arguments over the defaults; see {@link HarnessOptions#parse}. */
    public static CalculusOptions parse(String... args) {
        return HarnessOptions.parse(new CalculusOptions(), args);
    }

    @Override
    protected void check() {
        if (tasks < 1 || runs < 1 || warmup < 0 || inFlight < 1 || inFlight > 10_000) {
            throw new IllegalArgumentException("tasks and runs must be at least 1, warmup at least 0, in-flight 1 to 10000");
        }
        scenarios().forEach(RoutingScenario::byId);
    }

    public int tasks() {
        return tasks;
    }

    public int warmup() {
        return warmup;
    }

    public int runs() {
        return runs;
    }

    public long seed() {
        return seed;
    }

    /** The scenarios to run, in order. */
    public List<RoutingScenario> scenarioList() {
        return scenarios().stream().map(RoutingScenario::byId).toList();
    }

    private List<String> scenarios() {
        return List.copyOf(scenarios);
    }

    public int inFlight() {
        return inFlight;
    }

    /** Extra system properties for every service. */
    public Map<String, String> serviceProperties() {
        return serviceProperties.values();
    }
}
