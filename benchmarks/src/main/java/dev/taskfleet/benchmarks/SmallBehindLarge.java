package dev.taskfleet.benchmarks;

import static dev.taskfleet.benchmarks.ResultsFollower.allSucceededOn;

import java.time.Duration;
import java.util.Optional;

/**
 * The small batch of team {@value BenchFleet#OTHER_TEAM} alone on the idle fleet (its idle time),
 * then the large batch of team {@value BenchFleet#TEAM} and, {@code --delay} after the producer
 * accepted it, the small batch again: how long it takes from submission to its last result (record
 * timestamps), and how many of the large batch's tasks were done by then. With
 * {@code --behind-timeout} the wait is capped and the small batch reported not done.
 */
final class SmallBehindLarge {

    private final FairnessOptions options;

    SmallBehindLarge(FairnessOptions options) {
        this.options = options;
    }

    FairnessRow run(FairnessFleet fleet, Duration stall) throws InterruptedException {
        int small = options.smallTasks();
        long idleStart = System.currentTimeMillis();
        String idleBatch = fleet.submit(fleet.small(), "idle", small);
        ResultsFollower.BatchResults idle = ResultsFollower.summary(allSucceededOn(FairnessFleet.TIER,
                fleet.results().await(idleBatch, fleet.ids("idle", small), stall)));
        double idleSeconds = (idle.lastMs() - idleStart) / 1000.0;
        FairnessFleet.log("lanes %s: small batch alone %.2f s; submitting %d tasks of team %s", fleet.mode(),
                idleSeconds, options.bulkTasks(), BenchFleet.TEAM);

        TeamResults results = fleet.teamResults();
        long bulkStart = System.currentTimeMillis();
        String bulk = fleet.submit(fleet.bench(), "bulk", options.bulkTasks());
        FairnessFleet.log("lanes %s: the producer accepted the large batch in %.1f s", fleet.mode(),
                (System.currentTimeMillis() - bulkStart) / 1000.0);
        results.track(bulk, BenchFleet.TEAM, fleet.ids("bulk", options.bulkTasks()));
        // The scenario, not synchronisation: the small batch arrives this long after the large one.
        Thread.sleep(options.delay().toMillis());
        // And not before the large batch is running (its first result is in), so the small batch
        // always arrives at a saturated tier, however slowly a busy machine starts the first call.
        results.followUntil(() -> results.done(bulk) > 0, stall);
        long submitted = System.currentTimeMillis();
        String behind = fleet.submit(fleet.small(), "behind", small);
        FairnessFleet.log("lanes %s: small batch accepted in %.2f s, the router then %d records behind on its input "
                + "(the small batch's included)", fleet.mode(), (System.currentTimeMillis() - submitted) / 1000.0,
                fleet.routerBacklog());
        results.track(behind, BenchFleet.OTHER_TEAM, fleet.ids("behind", small));
        Optional<Duration> cap = options.behindTimeout();
        long deadline = cap.map(c -> submitted + c.toMillis()).orElse(Long.MAX_VALUE);
        results.followUntil(() -> results.complete(behind) || System.currentTimeMillis() > deadline, stall);
        Double behindSeconds = results.complete(behind) ? (results.lastRecordMs(behind) - submitted) / 1000.0 : null;
        int bulkDone = results.done(bulk);
        FairnessFleet.log("lanes %s: small batch behind the large one: %s, %d of the large batch done", fleet.mode(),
                behindSeconds == null ? "not done after " + cap.orElseThrow().toSeconds() + " s" : behindSeconds + " s",
                bulkDone);
        if (options.drain()) {
            results.followUntil(results::allComplete, stall);
        } else {
            FairnessFleet.cancelUnlessEnded(fleet.bench(), bulk);
        }
        return new FairnessRow(fleet.mode(), options.bulkTasks(), small, idleSeconds, behindSeconds,
                cap.map(c -> c.toMillis() / 1000.0).orElse(null), bulkDone, results.repeats());
    }
}
