package dev.taskfleet.benchmarks;

import java.time.Duration;
import java.util.List;

/**
 * Team {@value BenchFleet#TEAM}'s large batch running, and {@code --late-after} after the producer
 * accepted it (and once it has a first result) team {@value BenchFleet#OTHER_TEAM} submits a large
 * batch of its own. From that
 * submission until the first batch's last result or {@code --observe}, the late team's share of
 * the tier's completions in the last {@code --late-window} is taken every 0.5 s (results'
 * {@code finishedAt}); the row says when it first reached 42.5% (an equal share less 15%) and
 * from when on it stayed there to the end of the interval.
 */
final class LateTeam {

    private static final long STEP_MS = 500;

    private final FairnessOptions options;

    LateTeam(FairnessOptions options) {
        this.options = options;
    }

    LateTeamRow run(FairnessFleet fleet, Duration stall) throws InterruptedException {
        int tasks = options.teamTasks();
        TeamResults results = fleet.teamResults();
        String early = fleet.submit(fleet.bench(), "early", tasks);
        results.track(early, BenchFleet.TEAM, fleet.ids("early", tasks));
        // The scenario, not synchronisation: the second team arrives this long after the first.
        Thread.sleep(options.lateAfter().toMillis());
        // And not before the first team's batch is running (its first result is in): on a busy
        // machine a short --late-after can end before the first call does, and the scenario would
        // not be the one described.
        results.followUntil(() -> results.done(early) > 0, stall);
        long submitted = System.currentTimeMillis();
        String late = fleet.submit(fleet.small(), "late", tasks);
        results.track(late, BenchFleet.OTHER_TEAM, fleet.ids("late", tasks));
        long cap = submitted + options.observe().toMillis();
        FairnessFleet.log("lanes %s: %d tasks of team %s submitted %d s after team %s's, accepted in %.2f s, the "
                + "router then %d records behind", fleet.mode(), tasks, BenchFleet.OTHER_TEAM,
                options.lateAfter().toSeconds(), BenchFleet.TEAM, (System.currentTimeMillis() - submitted) / 1000.0,
                fleet.routerBacklog());
        results.followUntil(() -> results.complete(early) || results.complete(late)
                || System.currentTimeMillis() > cap, stall);
        long end = Math.min(cap, TwoLarge.firstFinished(results, early, late));
        Shares.Settling settling = Shares.settling(results.completions(), BenchFleet.OTHER_TEAM, submitted, end,
                options.lateWindow().toMillis(), STEP_MS, Shares.EQUAL_LOW);
        double shareSettled = settling.settled().isPresent() ? Shares.share(results.completions(), BenchFleet.OTHER_TEAM,
                submitted + (long) (1000 * settling.settled().getAsDouble()) - options.lateWindow().toMillis(), end) : 0;
        List<Double> afterReach = settling.firstReached().isPresent()
                ? Shares.slidingFrom(results.completions(), BenchFleet.OTHER_TEAM, submitted, end,
                        options.lateWindow().toMillis(), STEP_MS, settling.firstReached().getAsDouble())
                : List.of();
        Shares.Settling doubleWindow = Shares.settling(results.completions(), BenchFleet.OTHER_TEAM, submitted, end,
                2 * options.lateWindow().toMillis(), STEP_MS, Shares.EQUAL_LOW);
        LateTeamRow row = new LateTeamRow(fleet.mode(), tasks, options.lateAfter().toMillis() / 1000.0,
                (end - submitted) / 1000.0, options.lateWindow().toMillis() / 1000.0, settling, shareSettled,
                Shares.share(results.completions(), BenchFleet.OTHER_TEAM, submitted, end),
                results.finishedBy(early, submitted), results.repeats(), afterReach, doubleWindow);
        FairnessFleet.log("lanes %s: %s", fleet.mode(), row);
        TwoLarge.finish(options.drain(), fleet, results, stall, early, late);
        return row.withRepeats(results.repeats());
    }
}
