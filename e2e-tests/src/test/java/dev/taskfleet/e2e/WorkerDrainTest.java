package dev.taskfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.process.ServiceProcess;
import dev.taskfleet.testkit.ResultsCollector;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker stopped with SIGTERM in the middle of a batch finishes the calls it has in flight,
 * commits them and exits; a worker started afterwards does the rest. Nothing is lost and no task
 * gets a second result.
 */
class WorkerDrainTest {

    private static final String PREFIX = "e2e-drain";
    private static final int TASKS = 240;

    @RegisterExtension
    static final RunningFleet running = new RunningFleet(PREFIX,
            () -> PackagedFleet.slowSingleTier("fleet-drain", PREFIX));

    @Test
    void aWorkerStoppedWithSigtermMidBatchDrainsAndLosesNothing() throws Exception {
        String batchId = PackagedFleet.submitRefactors(running.fleet(), "drain", TASKS).batchId();
        ResultsCollector results = running.results();

        ServiceProcess first = running.fleet().service(LocalFleet.workerName("fast"));
        await().atMost(Duration.ofMinutes(2)).until(() -> results.countOfBatch(batchId) >= 40);
        first.stop(Duration.ofSeconds(60));
        long doneByFirst = results.countOfBatch(batchId);

        assertThat(first.isAlive()).isFalse();
        assertThat(first.logTail(400)).as("the stopped worker's log")
                .anyMatch(line -> line.matches(".*draining: waiting up to \\S+ for [1-9][0-9]* in-flight tasks.*"))
                .anyMatch(line -> line.contains("drained: no tasks in flight"))
                .noneMatch(line -> line.contains("drain timed out"));
        assertThat(doneByFirst).as("results published before the worker exited").isLessThan(TASKS);

        running.startWorker("fast");
        await().atMost(Duration.ofMinutes(3)).until(() -> results.countOfBatch(batchId) >= TASKS);

        List<TaskResult> batchResults = results.resultsOfBatch(batchId);
        assertThat(batchResults.stream().map(TaskResult::taskId).distinct().count()).isEqualTo(TASKS);
        assertThat(batchResults).as("one result per task, none repeated after the drain").hasSize(TASKS);
        assertThat(batchResults.stream().map(TaskResult::workerId).distinct().count())
                .as("both workers did part of the batch").isEqualTo(2);
    }
}
