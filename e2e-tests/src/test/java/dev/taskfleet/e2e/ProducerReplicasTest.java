package dev.taskfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.api.BatchState;
import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.process.ServiceProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Batch state lives in Kafka, not in a producer: a replica started in the middle of a batch
 * catches up and reports it, the producer that took the batch can die with SIGKILL without losing
 * any of it, and a replica started after the batch finished gives exactly the same answer.
 */
class ProducerReplicasTest {

    private static final String PREFIX = "e2e-replicas";
    private static final int TASKS = 300;

    @RegisterExtension
    static final RunningFleet running = new RunningFleet(PREFIX,
            () -> PackagedFleet.slowSingleTier("fleet-replicas", PREFIX));

    @Test
    void aProducerKilledMidBatchLosesNoStateAndEveryReplicaGivesTheSameAnswer() {
        String batchId = PackagedFleet.submitRefactors(running.fleet(), "replica", TASKS).batchId();
        BatchClient first = PackagedFleet.client(running.fleet());
        await().atMost(Duration.ofMinutes(2)).until(() -> first.status(batchId).finished() >= 30);

        ServiceProcess second = running.startProducer();
        BatchClient secondClient = PackagedFleet.client(second.baseUrl());
        BatchStatus seenBySecond = secondClient.status(batchId);
        assertThat(seenBySecond.total()).as("the replica knows the batch it never received").isEqualTo(TASKS);
        assertThat(seenBySecond.isSettled()).as("it caught up mid-batch").isFalse();

        running.fleet().service(LocalFleet.PRODUCER).kill();
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
