package dev.taskfleet.producer.progress;

import static dev.taskfleet.testkit.BatchEventBuilder.aBatchEvent;
import static dev.taskfleet.testkit.ResultBuilder.aResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.taskfleet.api.BatchPage;
import dev.taskfleet.api.BatchState;
import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.api.RouterQueue;
import dev.taskfleet.api.TierCounts;
import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.ResultSummary;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.contract.TierRouting;
import dev.taskfleet.producer.team.SpendBudget;
import dev.taskfleet.testkit.BatchEventBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchLedgerTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final List<String> TIERS = List.of("fast", "quality");

    private final ResultLog log = new ResultLog();
    private final BatchLedger ledger = new BatchLedger(TIERS, log);
    private long offset;

    private static BatchEvent event(BatchEvent.Type type, int count, int run) {
        return aBatchEvent().batch("b1").team("team-a").type(type).occurredAt(T0).taskCount(count).run(run).build();
    }

    private static TaskResult result(String task, String tier, ResultStatus status, int run, int second) {
        return aResult().taskId(task).batch("b1").onTier(tier).model("m").status(status).output("ok")
                .error("MODEL_ERROR", "x").tokens(10, 5).cost(0.1).latencyMs(7).worker("w")
                .finishedAt(T0.plusSeconds(second)).team("team-a").run(run).submittedAt(T0).build();
    }

    /** A ROUTED event of batch b1; add tiers with {@code .routed(tier, counts)}. */
    private static BatchEventBuilder routed(int run) {
        return aBatchEvent().batch("b1").team("team-a").occurredAt(T0).run(run);
    }

    private boolean apply(TaskResult result) {
        log.add(ResultSummary.of(result), 0, offset);
        return ledger.apply(ResultSummary.of(result), 0, offset++, T0);
    }

    private BatchStatus status() {
        return ledger.status("b1").orElseThrow();
    }

    @Test
    void countsEachTeamsQueuedTasksOverItsRunningBatchesAndNamesEachTeamOnce() throws Exception {
        List<String> told = new ArrayList<>();
        ledger.apply(event(BatchEvent.Type.ACCEPTED, 4, 1));
        ledger.watchTeams(told::add);
        assertThat(told).as("a team known before watching").containsExactly("team-a");
        ledger.apply(accepted("b2", "team-b", 3));
        ledger.apply(accepted("b3", "team-a", 5));
        assertThat(told).containsExactly("team-a", "team-b");

        apply(result("a", "fast", ResultStatus.SUCCEEDED, 1, 0));
        assertThat(queued(ledger, "team-a")).isEqualTo(3 + 5);
        assertThat(queued(ledger, "team-b")).isEqualTo(3);
        ledger.apply(aBatchEvent().batch("b2").team("team-b").type(BatchEvent.Type.CANCELLED).occurredAt(T0).run(1)
                .build());
        assertThat(queued(ledger, "team-b")).as("a cancelled batch waits for nothing").isZero();
        assertThat(queued(ledger, "team-c")).isZero();

        // A replica that takes over a checkpoint learns the teams in it.
        BatchLedger next = new BatchLedger(TIERS, log);
        List<String> toldNext = new ArrayList<>();
        next.watchTeams(toldNext::add);
        next.restore(ledger.snapshot());
        assertThat(toldNext).containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(queued(next, "team-a")).isEqualTo(8);
    }

    private static long queued(BatchLedger ledger, String team) {
        return Arrays.stream(Priority.values()).mapToLong(p -> ledger.queuedTasks(team, p)).sum();
    }

    /**
     * A team's queued work per class: the class's accepted tasks less those whose newest run has a
     * result, which names its task's class. A retry's failed task waits in its class again, and a
     * replica taking over a checkpoint counts the same.
     */
    @Test
    void countsATeamsQueuedTasksPerPriorityClassFromTheClassEachResultNames() throws Exception {
        ledger.apply(aBatchEvent().batch("b1").team("team-a").accepted(5).occurredAt(T0)
                .priorities(Map.of("interactive", 2, "bulk", 3)).build());
        apply(aResult().taskId("i1").batch("b1").team("team-a").priority(Priority.INTERACTIVE).build());
        apply(aResult().taskId("k1").batch("b1").team("team-a").priority(Priority.BULK).build());
        apply(aResult().taskId("k2").batch("b1").team("team-a").priority(Priority.BULK).status(ResultStatus.FAILED)
                .build());

        assertThat(ledger.queuedTasks("team-a", Priority.INTERACTIVE)).isEqualTo(1);
        assertThat(ledger.queuedTasks("team-a", Priority.BULK)).isEqualTo(1);
        assertThat(ledger.queuedTasks("team-a", Priority.STANDARD)).isZero();

        apply(aResult().taskId("i2").batch("b1").team("team-a").priority(Priority.INTERACTIVE).build());
        apply(aResult().taskId("k3").batch("b1").team("team-a").priority(Priority.BULK).build());
        assertThat(status().state()).isEqualTo(BatchState.COMPLETED);
        ledger.apply(aBatchEvent().batch("b1").team("team-a").retried(2, 1).occurredAt(T0).build());
        assertThat(ledger.queuedTasks("team-a", Priority.BULK)).as("the failed bulk task, re-run").isEqualTo(1);
        assertThat(ledger.queuedTasks("team-a", Priority.INTERACTIVE)).isZero();

        BatchLedger next = new BatchLedger(TIERS, log);
        next.restore(ledger.snapshot());
        assertThat(next.queuedTasks("team-a", Priority.BULK)).as("through a snapshot").isEqualTo(1);
        apply(aResult().taskId("k2").batch("b1").team("team-a").priority(Priority.BULK).run(2).build());
        assertThat(ledger.queuedTasks("team-a", Priority.BULK)).isZero();
    }

    private static BatchEvent accepted(String batch, String team, int tasks) {
        return aBatchEvent().batch(batch).team(team).type(BatchEvent.Type.ACCEPTED).occurredAt(T0).taskCount(tasks)
                .run(1).build();
    }

    /**
     * The status counts the accepted tasks per class as the ACCEPTED event says, highest class
     * first; an event without counts (a plain batch, or a producer older than them) is all standard,
     * a class this build does not know counts as standard, and a repeat of the event changes nothing.
     */
    @Test
    void theStatusCountsTheAcceptedTasksPerPriorityClassFromTheAcceptedEvent() throws Exception {
        Map<String, Integer> mixed = new LinkedHashMap<>();
        mixed.put("bulk", 990);
        mixed.put("interactive", 10);
        BatchEvent acceptedMixed = aBatchEvent().batch("b1").team("team-a").accepted(1000).occurredAt(T0)
                .priorities(mixed).build();
        ledger.apply(acceptedMixed);
        ledger.apply(acceptedMixed);
        ledger.apply(accepted("b2", "team-a", 7));
        ledger.apply(aBatchEvent().batch("b3").team("team-a").accepted(5).occurredAt(T0)
                .priorities(Map.of("urgent", 2, "bulk", 3)).build());
        apply(result("a", "fast", ResultStatus.SUCCEEDED, 1, 0));

        assertThat(status().priorities()).containsExactly(Map.entry("interactive", 10L), Map.entry("bulk", 990L));
        assertThat(ledger.status("b2").orElseThrow().priorities()).containsExactly(Map.entry("standard", 7L));
        assertThat(ledger.status("b3").orElseThrow().priorities())
                .containsExactly(Map.entry("standard", 2L), Map.entry("bulk", 3L));

        BatchLedger next = new BatchLedger(TIERS, log);
        next.restore(ledger.snapshot());
        assertThat(next.status("b1").orElseThrow().priorities()).as("through a snapshot")
                .containsExactly(Map.entry("interactive", 10L), Map.entry("bulk", 990L));
    }

    /**
     * Every team's tasks reach the router through one input topic, taken in order: a batch's place
     * in that queue is the unrouted tasks of the running batches accepted before it, whatever
     * their team. A task some tier holds is routed; so is a finished one whose tally is not read yet.
     */
    @Test
    void aBatchsPlaceInTheRoutersQueueIsWhatTheBatchesAcceptedBeforeItHaveNotRouted() {
        ledger.apply(aBatchEvent().batch("big").team("team-a").accepted(100).occurredAt(T0).build());
        ledger.apply(aBatchEvent().batch("small").team("team-b").accepted(10).occurredAt(T0.plusSeconds(1)).build());
        ledger.apply(aBatchEvent().batch("big").team("team-a").occurredAt(T0).run(1)
                .routed("fast", new TierRouting(30, 0, 0, 0)).build());

        assertThat(ledger.status("big").orElseThrow().routerQueue()).isEqualTo(new RouterQueue(70, 0));
        assertThat(ledger.status("small").orElseThrow().routerQueue()).isEqualTo(new RouterQueue(10, 70));
        assertThat(ledger.page("team-b", 10, null).batches()).singleElement()
                .extracting(BatchStatus::routerQueue).isEqualTo(new RouterQueue(10, 70));
        assertThat(ledger.running()).extracting(BatchStatus::routerQueue)
                .containsExactlyInAnyOrder(new RouterQueue(70, 0), new RouterQueue(10, 70));

        ledger.apply(aBatchEvent().batch("big").team("team-a").occurredAt(T0).run(1)
                .routed("fast", new TierRouting(70, 0, 0, 0)).build());
        ledger.apply(aBatchEvent().batch("small").team("team-b").occurredAt(T0).run(1)
                .routed("fast", new TierRouting(4, 0, 0, 0)).build());
        assertThat(ledger.status("big").orElseThrow().routerQueue()).as("all on a tier").isEqualTo(RouterQueue.NONE);
        assertThat(ledger.status("small").orElseThrow().routerQueue()).isEqualTo(new RouterQueue(6, 0));
        // On fast, one first-in, first-out topic for every team: the big batch's 100 come first.
        assertThat(ledger.status("big").orElseThrow().aheadOnTiers()).containsExactly(Map.entry("fast", 0L));
        assertThat(ledger.status("small").orElseThrow().aheadOnTiers()).containsExactly(Map.entry("fast", 100L));
        assertThat(ledger.running()).extracting(BatchStatus::aheadOnTiers)
                .containsExactlyInAnyOrder(Map.of("fast", 0L), Map.of("fast", 100L));

        TaskResult finishedBeforeItsTally = aResult().taskId("s-9").batch("small").onTier("quality").model("m")
                .status(ResultStatus.SUCCEEDED).output("ok").tokens(1, 1).cost(0.01).latencyMs(7).worker("w")
                .finishedAt(T0.plusSeconds(2)).team("team-b").run(1).submittedAt(T0).build();
        apply(finishedBeforeItsTally);
        assertThat(ledger.status("small").orElseThrow().routerQueue()).isEqualTo(new RouterQueue(5, 0));

        ledger.apply(aBatchEvent().batch("small").team("team-b").type(BatchEvent.Type.CANCELLED).occurredAt(T0).run(1)
                .build());
        assertThat(ledger.status("small").orElseThrow().routerQueue()).as("a cancelled batch waits for no router")
                .isEqualTo(RouterQueue.NONE);
    }

    /** With lanes each team's tasks reach the router and the tiers on lanes of their own: only its own earlier batches are ahead. */
    @Test
    void withLanesOnlyTheTeamsOwnEarlierBatchesAreAheadInTheRoutersAndTheTiersQueues() {
        BatchLedger lanes = new BatchLedger(TIERS, log, true);
        lanes.apply(aBatchEvent().batch("big").team("team-a").accepted(100).occurredAt(T0).build());
        lanes.apply(aBatchEvent().batch("small").team("team-b").accepted(10).occurredAt(T0.plusSeconds(1)).build());
        lanes.apply(aBatchEvent().batch("next").team("team-a").accepted(5).occurredAt(T0.plusSeconds(2)).build());

        assertThat(lanes.status("big").orElseThrow().routerQueue()).isEqualTo(new RouterQueue(100, 0));
        assertThat(lanes.status("small").orElseThrow().routerQueue()).as("another team's backlog is not ahead")
                .isEqualTo(new RouterQueue(10, 0));
        assertThat(lanes.status("next").orElseThrow().routerQueue()).as("its own team's is")
                .isEqualTo(new RouterQueue(5, 100));

        lanes.apply(aBatchEvent().batch("big").team("team-a").occurredAt(T0).run(1)
                .routed("fast", new TierRouting(100, 0, 0, 0)).build());
        lanes.apply(aBatchEvent().batch("small").team("team-b").occurredAt(T0).run(1)
                .routed("fast", new TierRouting(10, 0, 0, 0)).build());
        lanes.apply(aBatchEvent().batch("next").team("team-a").occurredAt(T0).run(1)
                .routed("fast", new TierRouting(5, 0, 0, 0)).build());
        assertThat(lanes.status("small").orElseThrow().aheadOnTiers()).as("on its own lanes of the tier")
                .containsExactly(Map.entry("fast", 0L));
        assertThat(lanes.status("next").orElseThrow().aheadOnTiers()).containsExactly(Map.entry("fast", 100L));
    }

    @Test
    void countsEachTaskOnceByStatusAndTier() {
        ledger.apply(event(BatchEvent.Type.ACCEPTED, 4, 1));
        apply(result("a", "fast", ResultStatus.SUCCEEDED, 1, 0));
        apply(result("b", "quality", ResultStatus.FAILED, 1, 4));
        assertThat(apply(result("a", "quality", ResultStatus.FAILED, 1, 5))).isFalse();

        BatchStatus s = status();
        assertThat(s.total()).isEqualTo(4);
        assertThat(s.finished()).isEqualTo(2);
        assertThat(s.queued()).isEqualTo(2);
        assertThat(s.succeeded()).isEqualTo(1);
        assertThat(s.failed()).isEqualTo(1);
        assertThat(s.tiers()).containsOnlyKeys("fast", "quality");
        assertThat(s.tiers().get("fast")).extracting(TierCounts::succeeded, TierCounts::failed, TierCounts::cancelled,
                TierCounts::finished).containsExactly(1L, 0L, 0L, 1L);
        assertThat(s.tiers().get("quality")).extracting(TierCounts::succeeded, TierCounts::failed,
                TierCounts::cancelled, TierCounts::finished).containsExactly(0L, 1L, 0L, 1L);
        assertThat(s.duplicatesDropped()).isEqualTo(1);
        assertThat(s.inputTokens()).isEqualTo(20);
        assertThat(s.costUsd()).isEqualTo(0.2);
        assertThat(s.throughputPerSecond()).isEqualTo(0.5);
        assertThat(s.etaSeconds()).isEqualTo(4);
        assertThat(s.state()).isEqualTo(BatchState.RUNNING);
    }

    @Test
    void etaIsUnknownUntilTwoResultsSpanTime() {
        ledger.apply(event(BatchEvent.Type.ACCEPTED, 3, 1));
        assertThat(status().etaSeconds()).isNull();
        apply(result("a", "fast", ResultStatus.SUCCEEDED, 1, 0));
        assertThat(status().etaSeconds()).isNull();
        assertThat(status().throughputPerSecond()).isZero();
    }

    @Test
    void aBatchIsReportedOnlyOnceItsAcceptedEventIsReadAndThenCountsWhatCameBefore() {
        // Results before the ACCEPTED event: a replica reading ahead of the batches topic, or an
        // upload cut off by a producer that died, whose client was never told "accepted".
        apply(result("a", "fast", ResultStatus.SUCCEEDED, 1, 0));
        assertThat(ledger.status("b1")).isEmpty();
        assertThat(ledger.page("team-a", 10, null).batches()).isEmpty();
        ledger.apply(event(BatchEvent.Type.ACCEPTED, 1, 1));
        assertThat(ledger.page("team-a", 10, null).batches()).extracting(BatchStatus::batchId).containsExactly("b1");
        assertThat(status().state()).isEqualTo(BatchState.COMPLETED);
        assertThat(status().etaSeconds()).isZero();
    }

    @Test
    void aRetryPutsTheFailedTasksBackInTheQueueUntilTheirNewRunReports() {
        ledger.apply(event(BatchEvent.Type.ACCEPTED, 2, 1));
        apply(result("a", "fast", ResultStatus.SUCCEEDED, 1, 0));
        apply(result("b", "fast", ResultStatus.FAILED, 1, 1));
        assertThat(ledger.failedTaskIds("b1")).containsExactly("b");

        ledger.apply(event(BatchEvent.Type.RETRIED, 1, 2));
        BatchStatus rerun = status();
        assertThat(rerun.run()).isEqualTo(2);
        assertThat(rerun.queued()).isEqualTo(1);
        assertThat(rerun.failed()).isZero();
        assertThat(rerun.state()).isEqualTo(BatchState.RUNNING);
        assertThat(ledger.failedTaskIds("b1")).isEmpty();
        assertThat(ledger.finalResultOffsets("b1", null).get(0)).containsExactly(0);

        apply(result("b", "quality", ResultStatus.SUCCEEDED, 2, 3));
        assertThat(apply(result("b", "fast", ResultStatus.FAILED, 1, 4))).isFalse();
        BatchStatus done = status();
        assertThat(done.state()).isEqualTo(BatchState.COMPLETED);
        assertThat(done.succeeded()).isEqualTo(2);
        assertThat(done.tiers().get("quality").succeeded()).isEqualTo(1);
        assertThat(ledger.finalResultOffsets("b1", ResultStatus.SUCCEEDED).get(0)).containsExactly(0, 2);
    }

    @Test
    void cancellingTheNewestRunCancelsTheBatchUntilALaterRetry() {
        ledger.apply(event(BatchEvent.Type.ACCEPTED, 2, 1));
        ledger.apply(event(BatchEvent.Type.CANCELLED, 0, 1));
        assertThat(status().state()).isEqualTo(BatchState.CANCELLED);
        assertThat(ledger.inFlight("team-a")).isZero();
        apply(result("a", "fast", ResultStatus.CANCELLED, 1, 0));
        apply(result("b", "fast", ResultStatus.FAILED, 1, 0));
        assertThat(status().cancelled()).isEqualTo(1);

        ledger.apply(event(BatchEvent.Type.RETRIED, 1, 2));
        assertThat(status().state()).isEqualTo(BatchState.RUNNING);
        assertThat(ledger.inFlight("team-a")).isEqualTo(1);
    }

    @Test
    void aTeamIsOverABudgetOnlyOnceItsCountedResultsReachIt() {
        ledger.apply(event(BatchEvent.Type.ACCEPTED, 3, 1));
        apply(result("a", "fast", ResultStatus.SUCCEEDED, 1, 0));
        SpendBudget fifteenCentsADay = new SpendBudget(0.15, null);
        assertThat(ledger.overBudget("team-a", fifteenCentsADay, T0)).as("0.10 of 0.15 spent").isEmpty();

        apply(result("b", "fast", ResultStatus.SUCCEEDED, 1, 1));

        assertThat(ledger.overBudget("team-a", fifteenCentsADay, T0)).hasValueSatisfying(over -> {
            assertThat(over.limit()).isEqualTo(SpendBudget.DAILY);
            assertThat(over.spentUsd()).isEqualTo(0.2, within(1e-9));
            assertThat(over.resetsAt()).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
        });
        assertThat(ledger.overBudget("team-b", fifteenCentsADay, T0)).as("another team's spend").isEmpty();
        assertThat(ledger.overBudget("team-a", SpendBudget.NONE, T0)).as("no budget").isEmpty();
    }

    @Test
    void aBudgetStopNamesTheStateCountsTheStoppedTasksAsNeverRunAndARetryRerunsThem() {
        ledger.apply(event(BatchEvent.Type.ACCEPTED, 3, 1));
        apply(result("a", "fast", ResultStatus.SUCCEEDED, 1, 0));
        assertThat(ledger.running()).extracting(BatchStatus::batchId).containsExactly("b1");

        ledger.apply(event(BatchEvent.Type.BUDGET_EXCEEDED, 0, 1));
        BatchStatus stopped = status();
        assertThat(stopped.state()).isEqualTo(BatchState.BUDGET_EXCEEDED);
        assertThat(stopped.isSettled()).as("two tasks still to end: followers wait for their results").isFalse();
        assertThat(ledger.running()).isEmpty();
        assertThat(ledger.inFlight("team-a")).isZero();

        apply(result("b", "fast", ResultStatus.BUDGET_EXCEEDED, 1, 1));
        apply(result("c", "fast", ResultStatus.FAILED, 1, 2));
        BatchStatus ended = status();
        assertThat(ended.state()).isEqualTo(BatchState.BUDGET_EXCEEDED);
        assertThat(ended.queued()).isZero();
        assertThat(ended.isSettled()).isTrue();
        assertThat(ended.budgetExceeded()).isEqualTo(1);
        assertThat(ended.cancelled()).as("never ran: cancelled or stopped at the budget").isEqualTo(1);
        assertThat(ended.failed()).isEqualTo(1);
        assertThat(ended.tiers().get("fast").cancelled()).isEqualTo(1);
        assertThat(ended.tiers().get("fast").finished()).isEqualTo(3);
        assertThat(ledger.failedTaskIds("b1")).containsExactlyInAnyOrder("b", "c");

        ledger.apply(event(BatchEvent.Type.RETRIED, 2, 2));
        BatchStatus rerun = status();
        assertThat(rerun.state()).isEqualTo(BatchState.RUNNING);
        assertThat(rerun.queued()).isEqualTo(2);
        assertThat(rerun.budgetExceeded()).isZero();
    }

    @Test
    void aBudgetStoppedBatchKeepsItsStateWhenItsLastTasksInFlightSucceed() {
        ledger.apply(event(BatchEvent.Type.ACCEPTED, 2, 1));
        apply(result("a", "fast", ResultStatus.SUCCEEDED, 1, 0));
        ledger.apply(event(BatchEvent.Type.BUDGET_EXCEEDED, 0, 1));
        apply(result("b", "fast", ResultStatus.SUCCEEDED, 1, 1));

        BatchStatus stopped = status();
        assertThat(stopped.state()).as("not COMPLETED after clients were told it ended").isEqualTo(BatchState.BUDGET_EXCEEDED);
        assertThat(stopped.budgetExceeded()).isZero();
        assertThat(ledger.failedTaskIds("b1")).as("nothing to re-run").isEmpty();
    }

    @Test
    void aCompletedBatchIsNotRunningSoTheGuardNeverStopsIt() {
        ledger.apply(event(BatchEvent.Type.ACCEPTED, 1, 1));
        apply(result("a", "fast", ResultStatus.SUCCEEDED, 1, 0));

        assertThat(ledger.running()).isEmpty();
        assertThat(ledger.teams()).containsExactly("team-a");
    }

    @Test
    void eachTiersTotalFollowsTheRoutersPlacementsAndEscalationsAndReachesItsFinishedCount() {
        ledger.apply(event(BatchEvent.Type.ACCEPTED, 10, 1));
        ledger.apply(routed(1).routed("fast", new TierRouting(7, 0, 0, 0)).routed("quality", new TierRouting(3, 0, 0, 0))
                .build());
        assertThat(status().tiers().get("fast")).extracting(TierCounts::total, TierCounts::finished,
                TierCounts::etaSeconds).containsExactly(7L, 0L, null);
        assertThat(status().tiers().get("quality").total()).isEqualTo(3);

        for (int i = 0; i < 3; i++) {
            apply(result("f" + i, "fast", ResultStatus.SUCCEEDED, 1, i));
        }
        // Two fast tasks fail their check and climb to quality.
        ledger.apply(routed(1).routed("fast", new TierRouting(0, 0, 2, 0)).routed("quality", new TierRouting(0, 2, 0, 0))
                .build());
        apply(result("q0", "quality", ResultStatus.SUCCEEDED, 1, 0));
        apply(result("q1", "quality", ResultStatus.SUCCEEDED, 1, 4));

        BatchStatus running = status();
        assertThat(running.tiers().get("fast")).satisfies(fast -> {
            assertThat(fast.routed()).isEqualTo(7);
            assertThat(fast.escalatedOut()).isEqualTo(2);
            assertThat(fast.total()).isEqualTo(5);
            assertThat(fast.finished()).isEqualTo(3);
            assertThat(fast.throughputPerSecond()).isEqualTo(1.5);
            assertThat(fast.etaSeconds()).isEqualTo(2);
        });
        assertThat(running.tiers().get("quality")).satisfies(quality -> {
            assertThat(quality.escalatedIn()).isEqualTo(2);
            assertThat(quality.total()).isEqualTo(5);
            assertThat(quality.throughputPerSecond()).isEqualTo(0.5);
            assertThat(quality.etaSeconds()).isEqualTo(6);
        });
        assertThat(running.etaSeconds()).as("the slowest tier's, not the whole batch's pace (5 in 4 s)").isEqualTo(6);

        apply(result("f3", "fast", ResultStatus.SUCCEEDED, 1, 3));
        apply(result("f4", "fast", ResultStatus.FAILED, 1, 3));
        for (int i = 2; i < 5; i++) {
            apply(result("q" + i, "quality", ResultStatus.SUCCEEDED, 1, 5 + i));
        }
        BatchStatus done = status();
        assertThat(done.state()).isEqualTo(BatchState.COMPLETED);
        assertThat(done.tiers().values()).allSatisfy(tier -> {
            assertThat(tier.total()).isEqualTo(5);
            assertThat(tier.finished()).isEqualTo(5);
            assertThat(tier.etaSeconds()).isZero();
        });
        assertThat(done.tiers().values().stream().mapToLong(TierCounts::total).sum()).isEqualTo(done.total());
    }

    @Test
    void aRetriedTaskLeavesTheTierOfItsFailedRunForTheTierOfItsNewRun() {
        ledger.apply(event(BatchEvent.Type.ACCEPTED, 3, 1));
        ledger.apply(routed(1).routed("fast", new TierRouting(3, 0, 0, 0)).build());
        apply(result("a", "fast", ResultStatus.SUCCEEDED, 1, 0));
        apply(result("b", "fast", ResultStatus.FAILED, 1, 1));
        apply(result("c", "fast", ResultStatus.FAILED, 1, 2));
        assertThat(status().tiers().get("fast")).extracting(TierCounts::total, TierCounts::finished)
                .containsExactly(3L, 3L);

        ledger.apply(event(BatchEvent.Type.RETRIED, 2, 2));
        BatchStatus retried = status();
        assertThat(retried.tiers().get("fast")).extracting(TierCounts::total, TierCounts::finished,
                TierCounts::retried).containsExactly(1L, 1L, 2L);
        assertThat(retried.etaSeconds()).as("two queued tasks on no tier yet: the whole batch's pace, 1 done in 2 s")
                .isEqualTo(4);

        ledger.apply(routed(2).routed("quality", new TierRouting(2, 0, 0, 0)).build());
        assertThat(status().tiers().get("quality")).extracting(TierCounts::total, TierCounts::finished,
                TierCounts::etaSeconds).containsExactly(2L, 0L, null);
        assertThat(status().etaSeconds()).as("quality has no pace of its own yet").isNull();

        apply(result("b", "quality", ResultStatus.SUCCEEDED, 2, 5));
        apply(result("c", "quality", ResultStatus.SUCCEEDED, 2, 6));
        assertThat(apply(result("c", "quality", ResultStatus.SUCCEEDED, 2, 7))).isFalse();
        assertThat(apply(result("b", "fast", ResultStatus.FAILED, 1, 8))).as("a late copy of the failed run").isFalse();
        BatchStatus done = status();
        assertThat(done.state()).isEqualTo(BatchState.COMPLETED);
        assertThat(done.tiers().get("fast")).extracting(TierCounts::total, TierCounts::finished, TierCounts::retried)
                .containsExactly(1L, 1L, 2L);
        assertThat(done.tiers().get("quality")).extracting(TierCounts::total, TierCounts::finished,
                TierCounts::routed).containsExactly(2L, 2L, 2L);
        assertThat(done.duplicatesDropped()).isEqualTo(2);
    }

    @Test
    void refusedEscalationsAreCountedOnTheTierTheTaskFailedOn() {
        ledger.apply(event(BatchEvent.Type.ACCEPTED, 2, 1));
        ledger.apply(routed(1).routed("fast", new TierRouting(2, 0, 0, 0)).build());
        ledger.apply(routed(1).routed("fast", new TierRouting(0, 0, 0, 2)).build());
        apply(result("a", "fast", ResultStatus.FAILED, 1, 0));
        apply(result("b", "fast", ResultStatus.FAILED, 1, 1));

        assertThat(status().tiers()).containsOnlyKeys("fast");
        assertThat(status().tiers().get("fast")).extracting(TierCounts::escalationsRefused, TierCounts::failed,
                TierCounts::total).containsExactly(2L, 2L, 2L);
    }

    @Test
    void aTierIsNeverShortOfWhatFinishedThereEvenBeforeItsTallyIsRead() {
        ledger.apply(event(BatchEvent.Type.ACCEPTED, 4, 1));
        apply(result("a", "fast", ResultStatus.SUCCEEDED, 1, 0));
        apply(result("b", "fast", ResultStatus.SUCCEEDED, 1, 2));

        BatchStatus before = status();
        assertThat(before.tiers().get("fast")).extracting(TierCounts::routed, TierCounts::total, TierCounts::etaSeconds)
                .containsExactly(0L, 2L, 0L);
        assertThat(before.etaSeconds()).as("as a router writing no tallies leaves it: the whole batch's pace")
                .isEqualTo(2);

        ledger.apply(routed(1).routed("fast", new TierRouting(4, 0, 0, 0)).build());
        assertThat(status().tiers().get("fast")).extracting(TierCounts::total, TierCounts::etaSeconds)
                .containsExactly(4L, 2L);
    }

    @Test
    void anEventOfAnotherBatchOrRunLeavesThisOnesTiersAlone() {
        ledger.apply(event(BatchEvent.Type.ACCEPTED, 1, 1));
        ledger.apply(aBatchEvent().batch("b2").team("team-a").type(BatchEvent.Type.ACCEPTED).occurredAt(T0).taskCount(5)
                .run(1).build());
        ledger.apply(aBatchEvent().batch("b2").team("team-a").run(1).routed("quality", new TierRouting(5, 0, 0, 0))
                .build());
        ledger.apply(routed(1).routed("fast", new TierRouting(1, 0, 0, 0)).build());

        assertThat(status().tiers()).containsOnlyKeys("fast");
        assertThat(ledger.status("b2").orElseThrow().tiers().get("quality").total()).isEqualTo(5);
        assertThat(ledger.status("b2").orElseThrow().team()).isEqualTo("team-a");
    }

    @Test
    void theStatusDoesNotDependOnHowTheTwoTopicsInterleave() {
        List<Object> records = new ArrayList<>(List.of(
                event(BatchEvent.Type.ACCEPTED, 5, 1),
                routed(1).routed("fast", new TierRouting(2, 0, 0, 0)).build(),
                routed(1).routed("fast", new TierRouting(2, 0, 1, 0)).routed("quality", new TierRouting(0, 1, 0, 0))
                        .build(),
                routed(1).routed("quality", new TierRouting(1, 0, 0, 1)).build(),
                result("a", "fast", ResultStatus.SUCCEEDED, 1, 1),
                result("b", "fast", ResultStatus.FAILED, 1, 2),
                result("c", "quality", ResultStatus.FAILED, 1, 3),
                result("d", "quality", ResultStatus.SUCCEEDED, 1, 4),
                result("e", "fast", ResultStatus.SUCCEEDED, 1, 5),
                event(BatchEvent.Type.RETRIED, 2, 2),
                routed(2).routed("quality", new TierRouting(2, 0, 0, 0)).build()));
        // Results of one task keep their order (same key, same partition); only events move around.
        List<Object> reruns = List.of(result("b", "quality", ResultStatus.SUCCEEDED, 2, 9),
                result("b", "quality", ResultStatus.SUCCEEDED, 2, 10));
        BatchStatus reference = null;
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            List<Object> order = new ArrayList<>(records);
            Collections.shuffle(order, random);
            order.addAll(reruns);
            ResultLog replicaLog = new ResultLog();
            BatchLedger replica = new BatchLedger(TIERS, replicaLog);
            long position = 0;
            for (Object record : order) {
                if (record instanceof BatchEvent e) {
                    replica.apply(e);
                } else {
                    replicaLog.add(ResultSummary.of((TaskResult) record), 0, position);
                    replica.apply(ResultSummary.of((TaskResult) record), 0, position++, T0);
                }
                boolean running = replica.status("b1").map(now -> now.state() == BatchState.RUNNING).orElse(false);
                assertThat(replica.active()).as("the quick running check agrees with the status").isEqualTo(running ? 1 : 0);
            }
            BatchStatus s = replica.status("b1").orElseThrow();
            if (reference == null) {
                reference = s;
                assertThat(s.queued()).isEqualTo(1);
                assertThat(s.succeeded()).isEqualTo(4);
                // b and c were re-run on quality; b finished there, c has not yet.
                assertThat(s.tiers().get("fast")).extracting(TierCounts::total, TierCounts::finished,
                        TierCounts::retried).containsExactly(2L, 2L, 1L);
                assertThat(s.tiers().get("quality")).extracting(TierCounts::total, TierCounts::finished,
                        TierCounts::retried).containsExactly(3L, 2L, 1L);
            }
            assertThat(s).usingRecursiveComparison().ignoringFields("costUsd").isEqualTo(reference);
            assertThat(s.costUsd()).isEqualTo(reference.costUsd());
        }
    }

    @Test
    void pagesATeamsBatchesNewestFirst() {
        for (int i = 0; i < 5; i++) {
            ledger.apply(aBatchEvent().batch("batch-" + i).team("team-a").accepted(1).occurredAt(T0.plusSeconds(i))
                    .build());
        }
        ledger.apply(aBatchEvent().batch("other").team("team-b").accepted(1).occurredAt(T0).build());

        BatchPage first = ledger.page("team-a", 2, null);
        assertThat(first.batches()).extracting(BatchStatus::batchId).containsExactly("batch-4", "batch-3");
        BatchPage second = ledger.page("team-a", 2, BatchCursor.decode(first.nextCursor()));
        assertThat(second.batches()).extracting(BatchStatus::batchId).containsExactly("batch-2", "batch-1");
        BatchPage last = ledger.page("team-a", 2, BatchCursor.decode(second.nextCursor()));
        assertThat(last.batches()).extracting(BatchStatus::batchId).containsExactly("batch-0");
        assertThat(last.nextCursor()).isNull();
        assertThat(ledger.inFlight("team-a")).isEqualTo(5);
        assertThat(ledger.active()).isEqualTo(6);
    }

    @Test
    void highestRunCountsResultsOfARetryWhoseEventWasNeverWritten() {
        ledger.apply(event(BatchEvent.Type.ACCEPTED, 2, 1));
        apply(result("a", "fast", ResultStatus.FAILED, 1, 0));
        apply(result("b", "fast", ResultStatus.FAILED, 1, 1));
        assertThat(ledger.highestRun("b1")).isEqualTo(1);
        assertThat(ledger.highestRun("unknown")).isZero();

        // A retry to run 2 published "a" and then failed: no RETRIED event, but a run-2 result.
        apply(result("a", "fast", ResultStatus.FAILED, 2, 2));
        assertThat(status().run()).isEqualTo(1);
        assertThat(ledger.highestRun("b1")).isEqualTo(2);

        ledger.apply(event(BatchEvent.Type.RETRIED, 2, 3));
        assertThat(ledger.highestRun("b1")).isEqualTo(3);
    }

    @Test
    void aFinishedBatchIsSealedAndStillAnswersFromItsResults() {
        ledger.apply(event(BatchEvent.Type.ACCEPTED, 3, 1));
        apply(result("a", "fast", ResultStatus.SUCCEEDED, 1, 0));
        apply(result("b", "fast", ResultStatus.FAILED, 1, 1));
        assertThat(ledger.sealed("b1")).as("running: slots kept").isFalse();
        assertThat(ledger.taskSlots()).isEqualTo(2);
        BatchStatus running = status();
        apply(result("c", "quality", ResultStatus.SUCCEEDED, 1, 2));

        assertThat(ledger.sealed("b1")).isTrue();
        assertThat(ledger.taskSlots()).as("the memory of a finished batch's tasks is given back").isZero();
        BatchStatus done = status();
        assertThat(done.state()).isEqualTo(BatchState.COMPLETED);
        assertThat(done.total()).isEqualTo(running.total());
        assertThat(done).extracting(BatchStatus::succeeded, BatchStatus::failed).containsExactly(2L, 1L);
        assertThat(log.reads()).as("a status needs no slots").isZero();

        assertThat(ledger.failedTaskIds("b1")).containsExactly("b");
        assertThat(ledger.finalResultOffsets("b1", ResultStatus.SUCCEEDED).get(0)).containsExactly(0, 2);
        assertThat(log.reads()).as("each question read the batch's results back").isEqualTo(2);
        assertThat(ledger.sealed("b1")).as("answering does not reopen").isTrue();

        // A redelivered copy is a duplicate without reading anything back.
        assertThat(apply(result("a", "fast", ResultStatus.SUCCEEDED, 1, 3))).isFalse();
        assertThat(status().duplicatesDropped()).isEqualTo(1);
        assertThat(log.reads()).isEqualTo(2);
    }

    @Test
    void aRetryOfASealedBatchReopensItFromItsResultsAndSealsItAgainWhenDone() {
        ledger.apply(event(BatchEvent.Type.ACCEPTED, 2, 1));
        apply(result("a", "fast", ResultStatus.SUCCEEDED, 1, 0));
        apply(result("b", "fast", ResultStatus.FAILED, 1, 1));
        assertThat(ledger.sealed("b1")).isTrue();

        ledger.apply(event(BatchEvent.Type.RETRIED, 1, 2));
        assertThat(ledger.sealed("b1")).isFalse();
        assertThat(log.reads()).isEqualTo(1);
        assertThat(status()).extracting(BatchStatus::state, BatchStatus::queued).containsExactly(BatchState.RUNNING, 1L);
        assertThat(ledger.failedTaskIds("b1")).isEmpty();

        assertThat(apply(result("b", "quality", ResultStatus.SUCCEEDED, 2, 2))).isTrue();
        assertThat(ledger.sealed("b1")).isTrue();
        assertThat(status()).extracting(BatchStatus::state, BatchStatus::succeeded, BatchStatus::failed)
                .containsExactly(BatchState.COMPLETED, 2L, 0L);
        assertThat(ledger.finalResultOffsets("b1", null).get(0)).containsExactly(0, 2);
    }

    @Test
    void aSealedBatchWhoseResultsRetentionDeletedSaysSo() {
        BatchLedger forgetful = new BatchLedger(TIERS, (spans, sink) -> { });
        forgetful.apply(event(BatchEvent.Type.ACCEPTED, 1, 1));
        forgetful.apply(ResultSummary.of(result("a", "fast", ResultStatus.FAILED, 1, 0)), 0, 0, T0);
        assertThat(forgetful.sealed("b1")).isTrue();

        assertThatThrownBy(() -> forgetful.failedTaskIds("b1"))
                .isInstanceOfSatisfying(SealedResultsUnavailableException.class, e -> assertThat(e.expired()).isTrue())
                .hasMessageContaining("batch b1").hasMessageContaining("found the results of 0 of its 1 tasks");
    }

    /**
     * Sealing is invisible: a ledger that seals finished batches and one that keeps every slot,
     * fed the same records of many batches (retries, retries whose event was never written,
     * cancellations, redelivered copies, late copies of older runs, over three partitions), give
     * the same answers to every question after every record. Fixed seed.
     */
    @Test
    void sealingChangesNoAnswer() {
        Random random = new Random(7);
        ResultLog sealingLog = new ResultLog();
        BatchLedger sealing = new BatchLedger(TIERS, sealingLog);
        BatchLedger reference = new BatchLedger(TIERS, (spans, sink) -> {
            throw new AssertionError("the reference keeps its slots");
        }, false, false);
        List<List<Object>> scripts = new ArrayList<>();
        for (int b = 0; b < 12; b++) {
            scripts.add(script("batch-" + b, random));
        }
        long[] nextOffset = new long[3];
        int sealedSeen = 0;
        int step = 0;
        InterleavedScripts records = new InterleavedScripts(scripts, random);
        for (Object record = records.next(); record != null; record = records.next()) {
            String batchId;
            if (record instanceof BatchEvent e) {
                batchId = e.batchId();
                sealing.apply(e);
                reference.apply(e);
            } else {
                ResultSummary r = (ResultSummary) record;
                batchId = r.batchId();
                int partition = Math.floorMod(r.taskId().hashCode(), 3);
                long at = nextOffset[partition]++;
                sealingLog.add(r, partition, at);
                Instant readAt = T0.plusSeconds(step);
                assertThat(sealing.apply(r, partition, at, readAt)).isEqualTo(reference.apply(r, partition, at, readAt));
            }
            step++;
            sealedSeen += sealing.sealed(batchId) ? 1 : 0;
            assertThat(sealing.status(batchId)).usingRecursiveComparison().isEqualTo(reference.status(batchId));
            assertThat(sealing.highestRun(batchId)).isEqualTo(reference.highestRun(batchId));
            assertThat(sealing.active()).isEqualTo(reference.active());
            if (step % 7 == 0) {
                assertThat(sealing.failedTaskIds(batchId)).isEqualTo(reference.failedTaskIds(batchId));
                assertThat(sealing.finalResultOffsets(batchId, null))
                        .usingRecursiveComparison().isEqualTo(reference.finalResultOffsets(batchId, null));
            }
        }
        for (int b = 0; b < 12; b++) {
            String batchId = "batch-" + b;
            assertThat(sealing.status(batchId)).usingRecursiveComparison().isEqualTo(reference.status(batchId));
            assertThat(sealing.failedTaskIds(batchId)).isEqualTo(reference.failedTaskIds(batchId));
            for (ResultStatus only : new ResultStatus[] {null, ResultStatus.SUCCEEDED, ResultStatus.FAILED}) {
                assertThat(sealing.finalResultOffsets(batchId, only))
                        .usingRecursiveComparison().isEqualTo(reference.finalResultOffsets(batchId, only));
            }
        }
        assertThat(sealing.spent("team-a", T0)).isEqualTo(reference.spent("team-a", T0));
        assertThat(sealedSeen).as("batches were sealed along the way").isGreaterThan(20);
        assertThat(sealingLog.reads()).as("sealed batches were read back").isGreaterThan(5);
    }

    /** One batch's records in the order its producer, router and workers would write them. */
    static List<Object> script(String batchId, Random random) {
        List<Object> records = new ArrayList<>();
        int size = 1 + random.nextInt(6);
        // Mixed classes from two tasks on (no draw from random, so the scripts stay as they were),
        // so the per-class counts go through the snapshots too.
        records.add(aBatchEvent().batch(batchId).team("team-a").type(BatchEvent.Type.ACCEPTED).occurredAt(T0)
                .taskCount(size).run(1).priorities(size > 1 ? Map.of("interactive", 1, "bulk", size - 1) : null)
                .build());
        List<String> pending = new ArrayList<>();
        for (int t = 0; t < size; t++) {
            pending.add(batchId + "-task-" + t);
        }
        List<ResultSummary> written = new ArrayList<>();
        int run = 1;
        while (!pending.isEmpty()) {
            if (random.nextInt(8) == 0) {
                records.add(aBatchEvent().batch(batchId).team("team-a").type(BatchEvent.Type.CANCELLED).occurredAt(T0)
                        .run(run).build());
            }
            List<String> failed = new ArrayList<>();
            for (String task : pending) {
                ResultStatus status = random.nextInt(3) == 0 ? ResultStatus.FAILED : ResultStatus.SUCCEEDED;
                ResultSummary r = new ResultSummary(task, batchId, random.nextBoolean() ? "fast" : "quality", "team-a",
                        status, run, 10, 5, 0.001 * (1 + random.nextInt(9)), T0.plusSeconds(random.nextInt(100)),
                        Priority.values()[Math.floorMod(task.hashCode(), Priority.values().length)]);
                records.add(r);
                written.add(r);
                if (status == ResultStatus.FAILED) {
                    failed.add(task);
                }
                if (random.nextInt(5) == 0) {
                    // A redelivered copy, or a late copy of an earlier result (same key: after it).
                    records.add(written.get(random.nextInt(written.size())));
                }
            }
            if (failed.isEmpty() || random.nextInt(3) == 0) {
                break;
            }
            run++;
            if (random.nextInt(4) > 0) {
                records.add(aBatchEvent().batch(batchId).team("team-a").type(BatchEvent.Type.RETRIED).occurredAt(T0)
                        .taskCount(failed.size()).run(run).build());
            }
            // Else a retry that published its tasks but never wrote its event.
            pending = failed;
        }
        return records;
    }
}
