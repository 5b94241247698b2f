package dev.taskfleet.benchmarks;

import java.time.Duration;

/**
 * Team {@value BenchFleet#TEAM}'s large batch, and as soon as the producer accepted it team
 * {@value BenchFleet#OTHER_TEAM}'s batch of the same size. From the second acceptance (both teams
 * have work queued) until the first batch's last result or {@code --observe}, whichever is earlier,
 * each team's share of the tier's completions is counted in fixed {@code --share-window}s by the
 * results' {@code finishedAt}.
 */
final class TwoLarge {

    private final FairnessOptions options;

    TwoLarge(FairnessOptions options) {
        this.options = options;
    }

    SharesRow run(FairnessFleet fleet, Duration stall) {
        int tasks = options.teamTasks();
        TeamResults results = fleet.teamResults();
        String first = fleet.submit(fleet.bench(), "first", tasks);
        results.track(first, BenchFleet.TEAM, fleet.ids("first", tasks));
        String second = fleet.submit(fleet.small(), "second", tasks);
        results.track(second, BenchFleet.OTHER_TEAM, fleet.ids("second", tasks));
        long start = System.currentTimeMillis();
        long cap = start + options.observe().toMillis();
        FairnessFleet.log("lanes %s: %d tasks of each team submitted; measuring their shares", fleet.mode(), tasks);
        results.followUntil(() -> results.complete(first) || results.complete(second)
                || System.currentTimeMillis() > cap, stall);
        long end = Math.min(cap, firstFinished(results, first, second));
        SharesRow row = new SharesRow(fleet.mode(), tasks, (end - start) / 1000.0, options.shareWindow().toMillis() / 1000.0,
                Shares.fixedWindows(results.completions(), BenchFleet.TEAM, start, end, options.shareWindow().toMillis()),
                Shares.share(results.completions(), BenchFleet.TEAM, start, end),
                results.finishedBy(first, start), results.finishedBy(second, start), results.repeats());
        FairnessFleet.log("lanes %s: %s", fleet.mode(), row);
        finish(options.drain(), fleet, results, stall, first, second);
        return row.withRepeats(results.repeats());
    }

    /** The last {@code finishedAt} of the batch that completed first, or {@code Long.MAX_VALUE} if none did. */
    static long firstFinished(TeamResults results, String... batches) {
        long end = Long.MAX_VALUE;
        for (String batch : batches) {
            if (results.complete(batch)) {
                end = Math.min(end, results.lastFinishedMs(batch));
            }
        }
        return end;
    }

    /** Drains every tracked batch (each task then has its succeeded result) or cancels the given ones. */
    static void finish(boolean drain, FairnessFleet fleet, TeamResults results, Duration stall, String benchBatch, String smallBatch) {
        if (drain) {
            results.followUntil(results::allComplete, stall);
        } else {
            FairnessFleet.cancelUnlessEnded(fleet.bench(), benchBatch);
            FairnessFleet.cancelUnlessEnded(fleet.small(), smallBatch);
        }
    }
}
