package dev.taskfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.FinalResults;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.process.ServiceProcess;
import dev.taskfleet.testkit.ResultsCollector;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker killed with SIGKILL in the middle of a batch gets no chance to drain or commit. The
 * tasks it held are redelivered to the worker started after it; tasks it had finished but not yet
 * committed run again and publish a second copy of their result. Every task must still end with
 * exactly one final result as readers see it: the {@link FinalResults} rule keeps the first copy.
 */
class WorkerCrashTest {

    private static final String PREFIX = "e2e-crash";
    private static final int TASKS = 300;

    @RegisterExtension
    static final RunningFleet running = new RunningFleet(PREFIX,
            () -> PackagedFleet.slowSingleTier("fleet-crash", PREFIX));

    @Test
    void aWorkerKilledMidBatchLosesNothingAndReadersSeeOneFinalResultPerTask() throws Exception {
        String batchId = PackagedFleet.submitRefactors(running.fleet(), "crash", TASKS).batchId();
        ResultsCollector results = running.results();

        ServiceProcess first = running.fleet().service(LocalFleet.workerName("fast"));
        await().atMost(Duration.ofMinutes(2)).until(() -> results.countOfBatch(batchId) >= 60);
        first.kill();
        await().atMost(Duration.ofSeconds(30)).until(() -> !first.isAlive());
        long beforeRestart = results.distinctTasksOfBatch(batchId);
        assertThat(beforeRestart).as("the killed worker left work undone").isLessThan(TASKS);

        running.startWorker("fast");
        await().atMost(Duration.ofMinutes(3)).until(() -> results.distinctTasksOfBatch(batchId) >= TASKS);

        List<TaskResult> published = results.resultsOfBatch(batchId);
        FinalResults finals = new FinalResults();
        List<TaskResult> seenByReaders = published.stream().filter(finals::isFirst).toList();
        assertThat(seenByReaders).as("one final result per task after de-duplication").hasSize(TASKS);
        assertThat(seenByReaders).allSatisfy(result -> assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED));
        assertThat(seenByReaders.stream().map(TaskResult::taskId).distinct().count()).isEqualTo(TASKS);
        assertThat(published.size() - TASKS).as("copies published twice are at most the killed worker's uncommitted window")
                .isLessThanOrEqualTo((int) beforeRestart);
        assertThat(seenByReaders.stream().map(TaskResult::workerId).distinct().count())
                .as("the restarted worker finished what the killed one left").isEqualTo(2);
    }
}
