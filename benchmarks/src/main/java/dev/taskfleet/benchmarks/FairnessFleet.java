package dev.taskfleet.benchmarks;

import static dev.taskfleet.benchmarks.ResultsFollower.allSucceededOn;

import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.launcher.client.ApiException;
import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.fleet.LocalFleetBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One fleet of a {@link FairnessBenchmark} scenario: producer, router and one {@value #TIER}
 * worker with its own topic prefix, lanes off or on, a client per team and a reader of its results,
 * with both teams' lanes warmed up.
 */
final class FairnessFleet implements AutoCloseable {

    static final String TIER = "fast";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final LocalFleet fleet;
    private final String mode;
    private final String prefix;
    private final String bootstrapServers;
    private ResultsFollower results;

    private FairnessFleet(LocalFleet fleet, String mode, String prefix, String bootstrapServers) {
        this.fleet = fleet;
        this.bootstrapServers = bootstrapServers;
        this.mode = mode;
        this.prefix = prefix;
    }

    /**
     * Starts the fleet and runs one task of each team to its result, so both teams' lanes exist and
     * are read before anything is measured: otherwise a team's first batch would start only once the
     * worker found its new lane (metadata.max.age.ms, 5 s).
     */
    static FairnessFleet start(FairnessOptions options, String bootstrapServers, String prefix, boolean lanes,
            Duration stall) {
        String mode = lanes ? "on" : "off";
        LocalFleetBuilder builder = BenchFleet.builder(options.home(), bootstrapServers, prefix, List.of(TIER),
                        options.workDir().resolve(prefix))
                .serviceProperty("taskfleet.router.lanes.enabled", Boolean.toString(lanes))
                .serviceProperty("taskfleet.producer.lanes.enabled", Boolean.toString(lanes))
                .serviceProperty("taskfleet.worker.max-in-flight", Integer.toString(options.inFlight()))
                .serviceProperty("taskfleet.tiers.fast.simulated.latency-median", options.latency().toString())
                .serviceProperty("taskfleet.tiers.fast.simulated.latency-spread", "0")
                .serviceProperty("taskfleet.tiers.fast.simulated.failure-rate", "0");
        options.serviceProperties().forEach(builder::serviceProperty);
        FairnessFleet started = new FairnessFleet(builder.build(), mode, prefix, bootstrapServers);
        try {
            log("lanes %s: starting producer, router and worker (topic prefix %s)", mode, prefix);
            started.fleet.start(READY_TIMEOUT);
            started.results = new ResultsFollower(bootstrapServers, new TopicNames(prefix).results());
            started.warmUp(started.bench(), prefix + "-warmup", stall);
            started.warmUp(started.small(), prefix + "-warmup-small", stall);
            return started;
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
    }

    private void warmUp(BatchClient team, String idPrefix, Duration stall) {
        String warmup = BenchFleet.submit(team, TaskBatch.jsonl(idPrefix, 1), 1);
        allSucceededOn(TIER, results.await(warmup, TaskBatch.ids(idPrefix, 1), stall));
    }

    /** Submits {@code count} tasks with ids {@code <prefix>-<name>-NNNNNN} as {@code team}; the batch id. */
    String submit(BatchClient team, String name, int count) {
        return BenchFleet.submit(team, TaskBatch.jsonl(prefix + "-" + name, count), count);
    }

    /** The ids {@link #submit} gave the tasks of {@code name}. */
    Set<String> ids(String name, int count) {
        return TaskBatch.ids(prefix + "-" + name, count);
    }

    /** Team {@value BenchFleet#TEAM}'s client. */
    BatchClient bench() {
        return BenchFleet.client(fleet);
    }

    /** Team {@value BenchFleet#OTHER_TEAM}'s client. */
    BatchClient small() {
        return BenchFleet.otherTeamClient(fleet);
    }

    ResultsFollower results() {
        return results;
    }

    /** A reader of the batches the caller tracks, on this fleet's results. */
    TeamResults teamResults() {
        return new TeamResults(results, TIER);
    }

    /** Records of {@code <prefix>.tasks} and the inbox lanes the router has not committed yet (a diagnostic; -1 if unknown). */
    long routerBacklog() {
        return RouterBacklog.of(bootstrapServers, new TopicNames(prefix));
    }

    /** {@code off} or {@code on}. */
    String mode() {
        return mode;
    }

    /**
     * Cancels {@code batch} unless it has already ended: with lanes off a small batch may finish
     * only after the whole large batch, which the producer then answers 409 to a cancel for, and a
     * measured scenario must not end there.
     */
    static void cancelUnlessEnded(BatchClient client, String batch) {
        try {
            client.cancel(batch);
        } catch (ApiException e) {
            if (e.status() != 409) {
                throw e;
            }
            log("batch %s had already ended: nothing to cancel", batch);
        }
    }

    static void log(String pattern, Object... args) {
        System.out.printf(Locale.ROOT, "[fairness] " + pattern + "%n", args);
    }

    @Override
    public void close() {
        try (fleet) {
            if (results != null) {
                results.close();
            }
        }
    }
}
