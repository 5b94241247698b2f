package dev.taskfleet.worker.batch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.testkit.ResultsCollector;
import dev.taskfleet.testkit.modelserver.ScriptedBatches;
import dev.taskfleet.testkit.modelserver.ScriptedModelServer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A batch tier's worker stops while its provider batch is at the provider (created, polled, its
 * results not read), and another worker of the tier takes the provider batch over from
 * {@code <prefix>.provider-batches}: it follows the same provider batch to its end rather than
 * sending the requests again, and every task gets exactly one result. The real broker and a
 * scripted OpenAI Batch API or Anthropic Message Batches API on localhost; the provider holds the batch in progress until the test
 * has seen the hand-over.
 */
class BatchTierTakeoverTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int TASKS = 4;

    private final ScriptedModelServer server = ScriptedModelServer.start();
    private final BatchTierWorkers workers = BatchTierWorkers.onSharedBroker("batch-takeover", TASKS);

    @AfterEach
    void stop() throws InterruptedException {
        workers.stopAll();
        server.close();
    }

    private BatchTierWorkers.Provider openAi() {
        return BatchTierWorkers.openAi(server);
    }

    private BatchTierWorkers.Provider anthropic() {
        return BatchTierWorkers.anthropic(server);
    }

    private BatchTierLoop start(BatchTierWorkers.Provider provider, String workerId) {
        return workers.start(provider, workerId);
    }

    private long pollsOf(String providerBatchId) {
        return server.requests().stream()
                .filter(r -> r.method().equals("GET") && r.path().endsWith("/batches/" + providerBatchId)).count();
    }

    @Test
    void anotherWorkerFollowsTheOpenAiBatchOfAStoppedOneToItsEndAndSendsNothingTwice() throws Exception {
        takeOver(openAi());
    }

    @Test
    void anotherWorkerFollowsTheAnthropicMessageBatchOfAStoppedOneToItsEndAndSendsNothingTwice() throws Exception {
        takeOver(anthropic());
    }

    @Test
    void aWorkerStoppedWhileItsCreateCallIsUnansweredIsFoundAtTheOpenAiProviderNotSentAgain() throws Exception {
        takeOverWhileSubmitting(openAi());
    }

    @Test
    void aWorkerStoppedWhileItsCreateCallIsUnansweredIsFoundAtTheAnthropicProviderNotSentAgain() throws Exception {
        takeOverWhileSubmitting(anthropic());
    }

    private Map<String, String> tasks(String batch) {
        workers.createTopics();
        return BatchTierWorkers.routedTasks(batch, TASKS, "report");
    }

    /**
     * The provider created the batch but the gate holds its answer when the worker stops: the
     * provider batch is SUBMITTING on Kafka and the worker never learnt the provider's id. The next
     * worker must search the provider before sending, find that batch and follow it.
     */
    private void takeOverWhileSubmitting(BatchTierWorkers.Provider tierProvider) throws Exception {
        ScriptedBatches provider = tierProvider.scripted();
        String batch = "batch-" + UUID.randomUUID();
        Map<String, String> records = tasks(batch);
        server.holdAfter(tierProvider.callsBeforeCreate());

        try (ResultsCollector results = new ResultsCollector(workers.bootstrap(), workers.topics().results())) {
            BatchTierLoop first = start(tierProvider, "pod-a");
            workers.send(records);
            await().atMost(PATIENCE).until(() -> server.heldRequests() == 1);
            // The provider took the create call and made the batch; its answer never reaches the worker.
            assertThat(provider.batchesCreated()).isEqualTo(1);
            first.stop(Duration.ofSeconds(10));

            start(tierProvider, "pod-b");
            // The second worker asks the provider (its list call is held too) instead of sending again.
            await().atMost(PATIENCE).until(() -> server.heldRequests() >= 2);
            assertThat(server.requests()).filteredOn(r -> r.method().equals("POST")).hasSize(
                    tierProvider.callsBeforeCreate() + 1);
            server.release();

            await().atMost(PATIENCE).until(() -> results.countOfBatch(batch) >= TASKS);
            assertThat(provider.batchesCreated()).isEqualTo(1);
            String providerBatchId = provider.batchIds().get(0);
            assertThat(results.duplicateTaskIds()).isEmpty();
            assertThat(results.resultsOfBatch(batch)).hasSize(TASKS).allSatisfy(result -> {
                assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED);
                assertThat(result.workerId()).isEqualTo("pod-b");
                assertThat(result.history()).singleElement().extracting(AttemptRecord::providerBatch)
                        .isEqualTo(providerBatchId);
            });
            for (int i = 0; i < TASKS; i++) {
                assertThat(provider.timesSubmitted("report " + i + " " + batch)).as("request %d", i).isEqualTo(1);
            }
            assertThat(server.requests()).filteredOn(r -> r.method().equals("POST")).hasSize(
                    tierProvider.callsBeforeCreate() + 1);
        }
    }

    private void takeOver(BatchTierWorkers.Provider tierProvider) throws Exception {
        ScriptedBatches provider = tierProvider.scripted();
        provider.holdBatches();
        String batch = "batch-" + UUID.randomUUID();
        Map<String, String> records = tasks(batch);

        try (ResultsCollector results = new ResultsCollector(workers.bootstrap(), workers.topics().results())) {
            BatchTierLoop first = start(tierProvider, "pod-a");
            workers.send(records);
            // The first worker sent the provider batch and follows it: it is polled, its results not read.
            await().atMost(PATIENCE).until(() -> provider.batchesCreated() == 1 && pollsOf(provider.batchIds().get(0)) >= 2);
            String providerBatchId = provider.batchIds().get(0);
            assertThat(provider.promptsOf(providerBatchId)).hasSize(TASKS);
            assertThat(provider.resultsRead()).isZero();

            first.stop(Duration.ofSeconds(10));
            assertThat(first.isRunning()).isFalse();
            long pollsBefore = pollsOf(providerBatchId);
            start(tierProvider, "pod-b");
            // The second worker took the provider batch over: it polls it too, while it is still held.
            await().atMost(PATIENCE).until(() -> pollsOf(providerBatchId) > pollsBefore);
            assertThat(results.countOfBatch(batch)).isZero();
            provider.releaseBatches();

            await().atMost(PATIENCE).until(() -> results.countOfBatch(batch) >= TASKS);
            assertThat(results.duplicateTaskIds()).isEmpty();
            assertThat(results.resultsOfBatch(batch)).hasSize(TASKS).allSatisfy(result -> {
                assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED);
                assertThat(result.workerId()).isEqualTo("pod-b");
                assertThat(result.history()).singleElement().extracting(AttemptRecord::providerBatch)
                        .isEqualTo(providerBatchId);
            });
            assertThat(provider.batchesCreated()).isEqualTo(1);
            for (int i = 0; i < TASKS; i++) {
                assertThat(provider.timesSubmitted("report " + i + " " + batch)).as("request %d", i).isEqualTo(1);
            }
            assertThat(results.results().stream().map(TaskResult::taskId)).doesNotHaveDuplicates();
        }
    }
}
