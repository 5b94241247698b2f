package dev.taskfleet.benchmarks;

import dev.taskfleet.launcher.broker.BrokerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How teams share one saturated tier, lanes off (one FIFO topic per tier, as before) against lanes
 * on ({@code taskfleet.router.lanes.enabled}), one fleet per scenario and mode on one broker, in
 * one run. The scenarios ({@code --scenarios}):
 * <ul>
 *   <li>{@code small-behind-large} ({@link SmallBehindLarge}): a small batch of one team behind
 *       another team's large batch, against the bound (3x its idle time or idle + 5 s);
 *   <li>{@code two-large} ({@link TwoLarge}): two teams' large batches at once, each team's share
 *       of completions per window;
 *   <li>{@code late-team} ({@link LateTeam}): a team arriving while another's large batch runs, how
 *       soon its share of completions reaches an equal share less 15% and stays there.
 * </ul>
 * Every fleet runs one task of each team first, so both teams' lanes exist and are read before
 * anything is measured ({@link FairnessFleet}).
 */
public final class FairnessBenchmark {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final FairnessOptions options;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    private FairnessBenchmark(FairnessOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        HarnessOptions.run(new FairnessOptions(), args, options -> {
            FairnessBenchmark benchmark = new FairnessBenchmark(options);
            FairnessReport report = benchmark.run();
            System.out.println();
            System.out.print(report.tables(benchmark.runId));
        });
    }

    /** Runs every scenario lanes off, then on; throws if a task did not succeed on the tier or a result is missing. */
    public static FairnessReport measure(FairnessOptions options) throws IOException, InterruptedException {
        return new FairnessBenchmark(options).run();
    }

    private FairnessReport run() throws IOException, InterruptedException {
        Path work = options.workDir();
        Files.createDirectories(work);
        FairnessReport report = new FairnessReport();
        FairnessFleet.log("run %s: scenarios %s", runId, options.scenarios());
        try (ScratchDirectory brokerData = ScratchDirectory.create(work, "broker-");
                BrokerProcess broker = BrokerProcess.start(brokerData.path(), options.home().resolve("launcher/target/lib"),
                        0, 0, work.resolve("logs"))) {
            broker.awaitReady(READY_TIMEOUT);
            for (FairnessScenario scenario : options.scenarios()) {
                for (boolean lanes : List.of(false, true)) {
                    runMode(broker.bootstrapServers(), scenario, lanes, report);
                }
            }
        }
        return report;
    }

    private void runMode(String bootstrapServers, FairnessScenario scenario, boolean lanes, FairnessReport report)
            throws InterruptedException {
        String prefix = "fair-" + runId + "-" + scenario.label() + "-" + (lanes ? "on" : "off");
        // Lanes off, a later batch gets no result until the large batch ahead of it drains.
        int largest = scenario == FairnessScenario.SMALL_BEHIND_LARGE ? options.bulkTasks() : 2 * options.teamTasks();
        Duration stall = drainTime(largest).multipliedBy(2).plusSeconds(60);
        try (FairnessFleet fleet = FairnessFleet.start(options, bootstrapServers, prefix, lanes, stall)) {
            switch (scenario) {
                case SMALL_BEHIND_LARGE -> report.smallBehindLarge().add(new SmallBehindLarge(options).run(fleet, stall));
                case TWO_LARGE -> report.twoLarge().add(new TwoLarge(options).run(fleet, stall));
                case LATE_TEAM -> report.lateTeam().add(new LateTeam(options).run(fleet, stall));
            }
        }
    }

    /** How long {@code tasks} keep the tier busy at best: in waves of in-flight calls. */
    private Duration drainTime(int tasks) {
        return options.latency().multipliedBy((tasks + options.inFlight() - 1) / options.inFlight());
    }
}
