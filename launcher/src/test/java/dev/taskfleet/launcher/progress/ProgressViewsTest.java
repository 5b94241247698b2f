package dev.taskfleet.launcher.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.api.BatchState;
import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.api.ProviderWait;
import dev.taskfleet.api.RouterQueue;
import dev.taskfleet.api.TierCounts;
import dev.taskfleet.testkit.MovableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressViewsTest {

    /** Ten tasks: seven on fast, three on quality; fast's ETA is 1 s while it has work, quality's unknown. */
    private static BatchStatus status(BatchState state, long fastOk, long qualityFailed, Long eta) {
        Map<String, TierCounts> tiers = new LinkedHashMap<>();
        tiers.put("fast", tier(fastOk, 0, Math.max(7, fastOk), fastOk < 7 ? 1L : 0L));
        tiers.put("quality", tier(0, qualityFailed, 10 - Math.max(7, fastOk), qualityFailed < 3 ? null : 0L));
        return status(state, tiers, eta);
    }

    private static BatchStatus status(BatchState state, Map<String, TierCounts> tiers, Long eta) {
        long ok = tiers.values().stream().mapToLong(TierCounts::succeeded).sum();
        long failed = tiers.values().stream().mapToLong(TierCounts::failed).sum();
        return new BatchStatus("b1", "local", state, Results.T0, 1, 10, ok + failed, 10 - ok - failed, ok, failed,
                0, 0, tiers, 100, 20, 0.5, null, null, 2.5, eta, 0, null, Map.of("standard", 10L), null, null);
    }

    private static TierCounts tier(long ok, long failed, long total, Long eta) {
        return new TierCounts(ok, failed, 0, ok + failed, total, 0, 0, 0, 0, total, 1.0, eta);
    }

    @Test
    void aStatusLineNamesProgressTiersWithTheirTotalsAndEtasRateAndEta() {
        assertThat(StatusText.line(status(BatchState.RUNNING, 3, 1, 2L))).isEqualTo(
                "batch b1 RUNNING: 4/10 finished (40%), 3 ok, 1 failed, 0 cancelled | fast 3/7 eta 1.0 s"
                        + " | quality 1/3 eta ? | 2.5 tasks/s, eta 2.0 s");
    }

    @Test
    void aBatchStoppedAtItsBudgetSaysSoAndHowManyTasksItStopped() {
        BatchStatus stopped = new BatchStatus("b1", "local", BatchState.BUDGET_EXCEEDED, Results.T0, 1, 10, 10, 0, 4, 0,
                6, 6, Map.of(), 100, 20, 0.5, null, null, 2.5, 0L, 0, null, Map.of("standard", 10L), null, null);

        assertThat(stopped.isSettled()).isTrue();
        assertThat(StatusText.line(stopped)).startsWith("batch b1 BUDGET_EXCEEDED: 10/10 finished (100%), 4 ok, 0 failed,"
                + " 6 cancelled (6 of them stopped at the team's budget)");
    }

    @Test
    void atCompletionEveryTierStandsAtItsOwnTotal() {
        BatchStatus done = status(BatchState.COMPLETED, 7, 3, 0L);

        assertThat(StatusText.line(done)).contains("| fast 7/7 | quality 3/3 |").doesNotContain("eta");
        assertThat(done.tiers().values()).allSatisfy(tier ->
                assertThat(StatusText.tierTotal(done, tier)).isEqualTo(StatusText.finished(tier)));
    }

    @Test
    void aTierEveryTaskLeftByEscalationHasNoProgressToShow() {
        Map<String, TierCounts> tiers = new LinkedHashMap<>();
        tiers.put("fast", new TierCounts(0, 0, 0, 0, 10, 0, 10, 0, 0, 0, 0, 0L));
        tiers.put("quality", tier(10, 0, 10, 0L));

        assertThat(StatusText.line(status(BatchState.COMPLETED, tiers, 0L))).doesNotContain("fast")
                .contains("| quality 10/10 |");
    }

    @Test
    void aProducerWithoutPerTierTotalsIsMeasuredAgainstTheBatchAsBefore() {
        Map<String, TierCounts> tiers = new LinkedHashMap<>();
        // What an older producer's {"succeeded":3,"failed":0,"cancelled":0} reads as.
        tiers.put("fast", new TierCounts(3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null));

        assertThat(StatusText.line(status(BatchState.RUNNING, tiers, null))).contains("| fast 3/10 eta ? |");
    }

    @Test
    void aStateThisCliDoesNotKnowIsShownAsUnknownAndNotTakenForTheEnd() {
        BatchStatus fromANewerProducer = status(null, 3, 1, 2L);

        assertThat(StatusText.line(fromANewerProducer)).startsWith("batch b1 UNKNOWN: 4/10 finished").endsWith("eta 2.0 s");
        assertThat(StatusText.table(fromANewerProducer)).contains("state        UNKNOWN");
    }

    @Test
    void tasksWaitingAtTheProviderAreShownSoComeBackLaterIsVisible() {
        BatchStatus running = status(BatchState.RUNNING, 3, 1, 2L);
        BatchStatus waiting = new BatchStatus(running.batchId(), running.team(), running.state(), running.acceptedAt(),
                running.run(), running.total(), running.finished(), running.queued(), running.succeeded(),
                running.failed(), running.cancelled(), running.budgetExceeded(), running.tiers(), running.inputTokens(),
                running.outputTokens(), running.costUsd(), null, null, 2.5, 2L, 0,
                new ProviderWait(6, 2, Instant.parse("2026-03-02T10:00:00Z")), running.priorities(), null, null);

        assertThat(StatusText.line(waiting)).contains(
                "| at provider 6 tasks waiting in 2 provider batches, answered by 2026-03-02T10:00:00Z |");
        assertThat(StatusText.table(waiting)).contains(
                "at provider  6 tasks waiting in 2 provider batches, answered by 2026-03-02T10:00:00Z");
        assertThat(StatusText.table(running)).noneMatch(line -> line.startsWith("at provider"));
        assertThat(StatusText.waitingText(new ProviderWait(1, 1, null)))
                .isEqualTo("1 tasks waiting in 1 provider batch, not yet accepted by the provider");
    }

    @Test
    void aBatchWaitingForTheRouterSaysHowManyOfItsTasksAndOfEarlierBatchesTheRouterHasNotRouted() {
        BatchStatus running = status(BatchState.RUNNING, 3, 1, 2L);
        BatchStatus behind = running.withQueues(new RouterQueue(6, 74_000), Map.of());
        BatchStatus next = running.withQueues(new RouterQueue(6, 0), Map.of());

        assertThat(StatusText.table(behind)).contains("router       6 tasks not routed yet, 74000 of earlier batches ahead");
        assertThat(StatusText.line(next)).contains("| router 6 tasks not routed yet, next in the router's queue |");
        assertThat(StatusText.table(running)).as("every task on a tier").noneMatch(line -> line.startsWith("router"));
    }

    @Test
    void aBatchWaitingOnATierSaysHowManyTasksOfEarlierBatchesAreNotFinishedThere() {
        BatchStatus running = status(BatchState.RUNNING, 3, 1, 2L);
        Map<String, Long> tiers = new LinkedHashMap<>();
        tiers.put("fast", 74_000L);
        tiers.put("quality", 0L);
        BatchStatus behind = running.withQueues(RouterQueue.NONE, tiers);

        assertThat(StatusText.table(behind))
                .contains("ahead        fast 74000, quality 0 tasks of earlier batches not finished there");
        assertThat(StatusText.line(behind)).contains("| fast 3/7 eta 1.0 s, 74000 ahead |");
        assertThat(StatusText.table(running.withQueues(RouterQueue.NONE, Map.of("fast", 0L))))
                .as("next in the tier's queue").noneMatch(line -> line.startsWith("ahead"));
        assertThat(StatusText.table(running)).as("an older producer's status").noneMatch(line -> line.startsWith("ahead"));
    }

    @Test
    void theStatusTableSaysHowManyTasksAreInEachPriorityClassAndLeavesItOutWhenTheProducerSaysNothing() {
        BatchStatus standard = status(BatchState.RUNNING, 3, 1, 2L);
        Map<String, Long> mixed = new LinkedHashMap<>();
        mixed.put("interactive", 1L);
        mixed.put("bulk", 9L);
        BatchStatus mixedClasses = withPriorities(standard, mixed);

        assertThat(StatusText.table(mixedClasses)).contains("priority     1 interactive, 9 bulk");
        assertThat(StatusText.table(standard)).contains("priority     10 standard");
        assertThat(StatusText.table(withPriorities(standard, null)))
                .as("an older producer's status").noneMatch(line -> line.startsWith("priority"));
    }

    private static BatchStatus withPriorities(BatchStatus s, Map<String, Long> priorities) {
        return new BatchStatus(s.batchId(), s.team(), s.state(), s.acceptedAt(), s.run(), s.total(), s.finished(),
                s.queued(), s.succeeded(), s.failed(), s.cancelled(), s.budgetExceeded(), s.tiers(), s.inputTokens(),
                s.outputTokens(), s.costUsd(), s.firstResultAt(), s.lastResultAt(), s.throughputPerSecond(),
                s.etaSeconds(), s.duplicatesDropped(), s.waitingAtProvider(), priorities, s.routerQueue(), s.aheadOnTiers());
    }

    @Test
    void theStatusTableListsEveryTierAndTheTotal() {
        assertThat(StatusText.table(status(BatchState.COMPLETED, 9, 1, null))).contains(
                "state        COMPLETED",
                "progress     10/10 finished (100%), 0 queued",
                "tier         tasks  succeeded  failed  cancelled  esc in esc out      eta",
                "fast             9          9       0          0       0       0         ",
                "quality          1          0       1          0       0       0         ",
                "total           10          9       1          0       0       0         ")
                .noneMatch(line -> line.startsWith("eta"));
    }

    @Test
    void plainProgressPrintsAtMostOneLinePerIntervalAndAlwaysTheLast() {
        StringWriter text = new StringWriter();
        MovableClock clock = new MovableClock(Results.T0);
        PlainProgress view = new PlainProgress(new PrintWriter(text, true), Duration.ofSeconds(1), clock);

        view.update(status(BatchState.RUNNING, 1, 0, null));
        clock.advance(Duration.ofMillis(500));
        view.update(status(BatchState.RUNNING, 2, 0, null));
        clock.advance(Duration.ofMillis(600));
        view.update(status(BatchState.RUNNING, 3, 0, null));
        view.update(status(BatchState.COMPLETED, 9, 1, null));
        view.update(status(BatchState.COMPLETED, 9, 1, null));
        view.close();

        assertThat(text.toString().lines()).extracting(line -> line.substring(0, line.indexOf(" finished")))
                .containsExactly("batch b1 RUNNING: 1/10", "batch b1 RUNNING: 3/10", "batch b1 COMPLETED: 10/10");
        assertThat(text.toString()).doesNotContain("\u001b");
    }

    @Test
    void terminalBarsFillEachTierToItsOwnTotalAndShowTheProducersEta() {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        TerminalProgress view = new TerminalProgress(new PrintStream(screen, true, StandardCharsets.UTF_8));

        view.update(status(BatchState.RUNNING, 3, 1, 2L));
        view.update(status(BatchState.COMPLETED, 7, 3, 0L));
        view.close();

        List<String> last = lastFrame(screen.toString(StandardCharsets.UTF_8));
        assertThat(last).anySatisfy(line -> assertThat(line).startsWith("fast").contains("100%").contains("7/7"))
                .anySatisfy(line -> assertThat(line).startsWith("quality").contains("100%").contains("3/3"))
                .anySatisfy(line -> assertThat(line).startsWith("total").contains("100%").contains("10/10"))
                .allSatisfy(line -> assertThat(line).as("the producer's ETA, 0 when done").contains("/ 0:00:00)"));
    }

    /** The bars' lines as last drawn: the library redraws in place, so the final text of each bar wins. */
    private static List<String> lastFrame(String screen) {
        Map<String, String> byBar = new LinkedHashMap<>();
        for (String chunk : screen.replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "\n").split("[\r\n]+")) {
            String line = chunk.strip();
            if (!line.isEmpty()) {
                byBar.put(line.split("\\s+")[0], line);
            }
        }
        return List.copyOf(byBar.values());
    }

}
