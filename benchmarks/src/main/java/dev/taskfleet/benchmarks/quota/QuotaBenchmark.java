package dev.taskfleet.benchmarks.quota;

import dev.taskfleet.benchmarks.BenchFleet;
import dev.taskfleet.benchmarks.HarnessOptions;
import dev.taskfleet.benchmarks.ScratchDirectory;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.launcher.broker.BrokerProcess;
import dev.taskfleet.launcher.client.ApiException;
import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.fleet.LocalFleetBuilder;
import dev.taskfleet.launcher.process.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Does the tier use its provider quota, and stay within it, while its workers scale? One tier
 * ({@value #TIER}) behind a {@link QuotaServer} that enforces the quota the tier is configured
 * with, kept saturated by a {@link TaskFeeder}: one worker, then three (two more started), then one
 * again (two stopped with SIGTERM, draining as a pod does). After each step the harness waits until
 * the step is done and the settle time has passed and every worker publishes a share of
 * {@code 1 / pods}, then measures the window. At the end the remaining tasks are cancelled and
 * every task's result is read: each task must have one, and the provider's admitted calls must
 * equal the SUCCEEDED results (repeats included, one per answered call).
 */
public final class QuotaBenchmark {

    private static final String TIER = "fast";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    /** A split look-up every 5 s and a group rebalance, with room for a loaded machine. */
    private static final Duration SPLIT_TIMEOUT = Duration.ofMinutes(2);
    /** A worker's SIGTERM grace: HTTP shutdown 5 s plus the 30 s drain, with room. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);
    private static final Duration RESULTS_STALL = Duration.ofMinutes(3);
    /** Workers at the run's peak; the feeder keeps two rounds of their in-flight tasks queued. */
    private static final int PEAK_WORKERS = 3;
    /** Seconds of the request quota the feeder keeps queued at least. */
    private static final int LEAD_SECONDS = 20;

    private final QuotaOptions options;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    /** What a run measured and the counts checked at its end. */
    public record QuotaRun(String runId, List<QuotaReport.PhaseRow> phases, List<QuotaReport.TransientRow> transients,
            ResultTally.Tally results, int submitted, long admitted, long refused, long waitingAtLastWindow,
            String table) {
    }

    private QuotaBenchmark(QuotaOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        HarnessOptions.run(new QuotaOptions(), args, options -> {
            QuotaRun run = measure(options);
            System.out.println();
            System.out.print(run.table());
        });
    }

    /** Runs the three phases; throws if a task has no result or the provider's counts disagree with the results. */
    public static QuotaRun measure(QuotaOptions options) throws IOException, InterruptedException {
        return new QuotaBenchmark(options).run();
    }

    private QuotaRun run() throws IOException, InterruptedException {
        Path work = options.workDir();
        Files.createDirectories(work);
        String prefix = "quota-" + runId;
        log("run %s: %,d requests and %,d tokens per minute, provider burst %s, settle %s, window %s, %d in flight",
                runId, options.requestsPerMinute(), options.tokensPerMinute(), options.providerBurst(),
                options.settle(), options.window(), options.inFlight());
        try (ScratchDirectory brokerData = ScratchDirectory.create(work, "broker-");
                BrokerProcess broker = BrokerProcess.start(brokerData.path(), options.home().resolve("launcher/target/lib"),
                        0, 0, work.resolve("logs"));
                QuotaServer provider = QuotaServer.start(options.requestsPerMinute(), options.tokensPerMinute(),
                        options.providerBurst(), options.completionTokens())) {
            broker.awaitReady(READY_TIMEOUT);
            try (LocalFleet fleet = fleet(broker.bootstrapServers(), prefix, provider)) {
                log("starting producer, router and one %s worker (topic prefix %s, provider %s)", TIER, prefix,
                        provider.baseUrl());
                fleet.start(READY_TIMEOUT);
                return scenario(fleet, provider, prefix);
            }
        }
    }

    private LocalFleet fleet(String bootstrapServers, String prefix, QuotaServer provider) {
        String tier = "taskfleet.tiers." + TIER + ".";
        LocalFleetBuilder builder = BenchFleet.builder(options.home(), bootstrapServers, prefix, List.of(TIER),
                        options.workDir().resolve("fleet-" + runId))
                .serviceProperty(tier + "provider", "openai")
                .serviceProperty(tier + "base-url", provider.baseUrl())
                .serviceProperty(tier + "model", "quota")
                .serviceProperty(tier + "rate-limit.requests-per-minute", Long.toString(options.requestsPerMinute()))
                .serviceProperty(tier + "rate-limit.tokens-per-minute", Long.toString(options.tokensPerMinute()))
                .serviceProperty("taskfleet.worker.max-in-flight", Integer.toString(options.inFlight()));
        options.serviceProperties().forEach(builder::serviceProperty);
        return builder.build();
    }

    private QuotaRun scenario(LocalFleet fleet, QuotaServer provider, String prefix)
            throws IOException, InterruptedException {
        ProviderLedger ledger = provider.ledger();
        BatchClient client = BenchFleet.client(fleet);
        ShareGauge gauge = new ShareGauge(TIER);
        int lead = (int) Math.max(options.requestsPerMinute() * LEAD_SECONDS / 60, 2L * PEAK_WORKERS * options.inFlight());
        List<QuotaPhase> phases = new ArrayList<>();
        List<TaskFeeder.Batch> batches;
        long waitingAtLastWindow;
        try (TaskFeeder feeder = new TaskFeeder(client, ledger, prefix, lead)) {
            List<ServiceProcess> workers = new ArrayList<>(List.of(fleet.service(LocalFleet.workerName(TIER))));
            long submitted = System.currentTimeMillis();
            feeder.start();
            phases.add(measure("1", workers, submitted, submitted, gauge));

            long started = System.currentTimeMillis();
            log("starting two more %s workers", TIER);
            List<ServiceProcess> added = List.of(fleet.startWorker(TIER), fleet.startWorker(TIER));
            added.forEach(worker -> worker.awaitReady(READY_TIMEOUT));
            workers.addAll(added);
            phases.add(measure("1 -> 3", workers, started, System.currentTimeMillis(), gauge));

            long stopping = System.currentTimeMillis();
            log("stopping %s with SIGTERM", added);
            stopAll(added);
            workers.removeAll(added);
            phases.add(measure("3 -> 1", workers, stopping, System.currentTimeMillis(), gauge));
            waitingAtLastWindow = feeder.waiting();
            batches = feeder.stop();
        }
        log("cancelling the %d batches' remaining tasks (%d not yet called)", batches.size(), waitingAtLastWindow);
        for (TaskFeeder.Batch batch : batches) {
            try {
                client.cancel(batch.id());
            } catch (ApiException e) {
                // A batch that already finished cannot be cancelled; its tasks all have results.
                log("batch %s not cancelled: %s", batch.id(), e.getMessage());
            }
        }
        ResultTally.Tally results = ResultTally.await(fleet.bootstrapServers(), new TopicNames(prefix).results(),
                batches, RESULTS_STALL);
        Path seconds = options.workDir().resolve("provider-seconds-" + runId + ".csv");
        ledger.writeCsv(seconds);
        log("the provider's counts per second: %s", seconds);
        return report(phases, batches, results, ledger, waitingAtLastWindow);
    }

    /**
     * Waits out the step's settling and measures its window: starts at the later of
     * {@code doneMs + settle} and the split being seen, on a whole second.
     */
    private QuotaPhase measure(String name, List<ServiceProcess> workers, long eventMs, long doneMs, ShareGauge gauge)
            throws InterruptedException {
        long splitMs = gauge.awaitSplit(workers, SPLIT_TIMEOUT);
        long fromMs = Math.max(doneMs + options.settle().toMillis(), splitMs);
        long windowFrom = (fromMs + 999) / 1000;
        long windowTo = windowFrom + options.window().toSeconds();
        log("phase %s: %d worker(s), split seen %.1f s after the step; measuring %d s from %s", name, workers.size(),
                (splitMs - eventMs) / 1000.0, options.window().toSeconds(), Instant.ofEpochSecond(windowFrom));
        // The scenario, not synchronisation: the phase runs for its window. The provider counts a call
        // in the second it arrives, so a moment after the window's end its last second is complete.
        Thread.sleep(Math.max(0, windowTo * 1000 + 250 - System.currentTimeMillis()));
        return new QuotaPhase(name, workers.size(), eventMs, doneMs, splitMs, windowFrom, windowTo);
    }

    /** SIGTERM to each at once, as a scale-down does, and waits until all have exited. */
    private static void stopAll(List<ServiceProcess> workers) throws InterruptedException {
        List<Thread> stoppers = new ArrayList<>();
        for (ServiceProcess worker : workers) {
            Thread stopper = new Thread(() -> worker.stop(STOP_GRACE), "stop-" + worker.name());
            stopper.start();
            stoppers.add(stopper);
        }
        for (Thread stopper : stoppers) {
            stopper.join();
        }
    }

    private QuotaRun report(List<QuotaPhase> phases, List<TaskFeeder.Batch> batches, ResultTally.Tally results,
            ProviderLedger ledger, long waitingAtLastWindow) {
        int submitted = batches.stream().mapToInt(batch -> batch.taskIds().size()).sum();
        ProviderLedger.Second total = ledger.total();
        if (results.tasks() != submitted) {
            throw new IllegalStateException(results.tasks() + " of " + submitted + " tasks have a result");
        }
        if (total.admitted() != results.records(ResultStatus.SUCCEEDED)) {
            throw new IllegalStateException("the provider admitted " + total.admitted() + " calls but "
                    + results.records(ResultStatus.SUCCEEDED) + " SUCCEEDED results were published");
        }
        List<QuotaReport.PhaseRow> rows = phases.stream()
                .map(phase -> QuotaReport.phase(ledger, phase, options.requestsPerMinute(), options.tokensPerMinute()))
                .toList();
        List<QuotaReport.TransientRow> transients = phases.stream()
                .map(phase -> QuotaReport.transientOf(ledger, phase)).toList();
        String table = QuotaReport.render(rows, transients, options.requestsPerMinute(), options.tokensPerMinute())
                + String.format(Locale.ROOT, "%nRun %s: %d tasks submitted in %d batches, %d still without a call at the "
                        + "end of the last window (then cancelled); results %s, %d repeats (%d answered twice: calls "
                        + "paid twice); the provider admitted %d calls (%d tokens) and refused %d.%n", runId, submitted,
                        batches.size(), waitingAtLastWindow, results.records(), results.repeats(),
                        results.answeredAgain(), total.admitted(), total.tokens(), total.refused());
        return new QuotaRun(runId, rows, transients, results, submitted, total.admitted(), total.refused(),
                waitingAtLastWindow, table);
    }

    private static void log(String pattern, Object... args) {
        System.out.printf(Locale.ROOT, "[quota] " + pattern + "%n", args);
    }
}
