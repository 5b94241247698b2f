package dev.taskfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.api.BatchState;
import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.process.ServiceProcess;
import dev.taskfleet.testkit.modelserver.ScriptedModelServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Batch state lives in Kafka, not in a producer: a replica started in the middle of a batch
 * catches up and reports it, the producer that took the batch can die with SIGKILL without losing
 * any of it, and a replica started after the batch finished gives exactly the same answer.
 *
 * <p>The tier's model is a scripted server whose gate lets {@value #ANSWERED_FIRST} calls through
 * and holds the rest, so the batch is still running when the replica starts and when the first
 * producer dies, however long a JVM takes to start on this machine.
 */
class ProducerReplicasTest {

    private static final String PREFIX = "e2e-replicas";
    private static final int TASKS = 300;
    private static final int ANSWERED_FIRST = 40;

    private static final ScriptedModelServer model = ScriptedModelServer.start();

    @RegisterExtension
    static final RunningFleet running = new RunningFleet(PREFIX,
            () -> PackagedFleet.gatedSingleTier("fleet-replicas", PREFIX, model));

    @AfterAll
    static void stopTheModel() {
        model.close();
    }

    @Test
    void aProducerKilledMidBatchLosesNoStateAndEveryReplicaGivesTheSameAnswer() {
        model.holdAfter(ANSWERED_FIRST);
        String batchId = PackagedFleet.submitRefactors(running.fleet(), "replica", TASKS).batchId();
        BatchClient first = PackagedFleet.client(running.fleet());
        await().atMost(Duration.ofMinutes(2)).until(() -> first.status(batchId).finished() >= ANSWERED_FIRST);
        await().atMost(Duration.ofMinutes(1)).until(() -> model.heldRequests() > 0);

        ServiceProcess second = running.startProducer();
        BatchClient secondClient = PackagedFleet.client(second.baseUrl());
        BatchStatus seenBySecond = secondClient.status(batchId);
        assertThat(seenBySecond.total()).as("the replica knows the batch it never received").isEqualTo(TASKS);
        assertThat(seenBySecond.finished()).as("it caught up with the results so far").isEqualTo(ANSWERED_FIRST);
        assertThat(seenBySecond.isSettled()).as("it caught up mid-batch").isFalse();

        ServiceProcess original = running.fleet().service(LocalFleet.PRODUCER);
        original.kill();
        assertThat(original.isAlive()).as("the producer that took the batch is gone").isFalse();
        assertThat(secondClient.status(batchId).isSettled()).as("still held open at the kill").isFalse();
        model.release();
        await().atMost(Duration.ofMinutes(3)).until(() -> secondClient.status(batchId).isSettled());
        BatchStatus finished = secondClient.status(batchId);
        assertThat(finished.state()).isEqualTo(BatchState.COMPLETED);
        assertThat(finished.succeeded()).isEqualTo(TASKS);
        assertThat(finished.finished()).isEqualTo(TASKS);
        assertThat(finished.queued()).isZero();
        await().atMost(Duration.ofMinutes(1)).until(() -> running.results().distinctTasksOfBatch(batchId) >= TASKS);
        long published = running.results().resultsOfBatch(batchId).size();
        assertThat(finished.duplicatesDropped()).isEqualTo(published - TASKS);

        ServiceProcess third = running.startProducer();
        assertThat(PackagedFleet.client(third.baseUrl()).status(batchId))
                .as("a replica started afterwards, rebuilt from Kafka alone").isEqualTo(finished);
    }
}
