package dev.taskfleet.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Smoke mode, on every build (docs/BENCHMARKS.md): every scenario at a tiny size, lanes off and on,
 * no timing asserted. Each run drains: every task of every measured batch must get a succeeded
 * result on the tier, only one, and each scenario must have happened as described (the large
 * batch running while the small one waited; both teams with work queued at once; the first team
 * still running when the late one arrived).
 */
class FairnessSmokeTest {

    @Test
    void everyFairnessScenarioRunsLanesOffAndOnWithTheTierSaturated() throws Exception {
        FairnessReport report = FairnessBenchmark.measure(HarnessOptions.parse(new FairnessOptions(),
                "--scenarios=small-behind-large,two-large,late-team", "--bulk=60", "--small=3", "--team-tasks=40",
                "--in-flight=2", "--latency=PT0.2S", "--delay=PT1S", "--late-after=PT1S", "--share-window=PT1S",
                "--late-window=PT1S", "--finish=drain",
                "--work-dir=" + Path.of("target", "smoke", "fairness")));

        assertThat(report.smallBehindLarge()).extracting(FairnessRow::lanes).containsExactly("off", "on");
        assertThat(report.smallBehindLarge()).allSatisfy(row -> {
            assertThat(row.idleSeconds()).isPositive();
            assertThat(row.done()).as("lanes %s: the small batch finished", row.lanes()).isTrue();
            assertThat(row.bulkDoneBehind()).as("lanes %s: the large batch ran while the small one waited", row.lanes())
                    .isPositive();
            assertThat(row.repeats()).as("lanes %s: one result per task", row.lanes()).isZero();
        });
        assertThat(report.twoLarge()).extracting(SharesRow::lanes).containsExactly("off", "on");
        assertThat(report.twoLarge()).allSatisfy(row -> {
            assertThat(row.firstDoneAtStart()).as("lanes %s: the first team still had work when the second's "
                    + "was accepted", row.lanes()).isLessThan(row.teamTasks());
            assertThat(row.intervalSeconds()).as("lanes %s: both teams had work queued at once", row.lanes()).isPositive();
            assertThat(row.windowShares()).as("lanes %s: shares were counted", row.lanes()).isNotEmpty();
            assertThat(row.repeats()).as("lanes %s: one result per task", row.lanes()).isZero();
        });
        assertThat(report.lateTeam()).extracting(LateTeamRow::lanes).containsExactly("off", "on");
        assertThat(report.lateTeam()).allSatisfy(row -> {
            assertThat(row.earlyDoneAtLate()).as("lanes %s: the first team's batch had started and was still "
                    + "running when the late team arrived", row.lanes()).isPositive().isLessThan(row.teamTasks());
            assertThat(row.observedSeconds()).as("lanes %s: both teams had work queued at once", row.lanes()).isPositive();
            assertThat(row.repeats()).as("lanes %s: one result per task", row.lanes()).isZero();
        });
    }
}
