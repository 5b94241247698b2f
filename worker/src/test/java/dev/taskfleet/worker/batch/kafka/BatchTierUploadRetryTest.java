package dev.taskfleet.worker.batch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.testkit.ResultsCollector;
import dev.taskfleet.testkit.modelserver.OpenAiBatches;
import dev.taskfleet.testkit.modelserver.OpenAiChat;
import dev.taskfleet.testkit.modelserver.RecordedRequest;
import dev.taskfleet.testkit.modelserver.ScriptedModelServer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The provider drops the connection while the worker uploads a provider batch's file to OpenAI: no
 * batch can exist at the provider yet, so the worker sends the batch again at once instead of
 * searching the provider for it (a search waits out two call timeouts and five minutes of clock
 * skew before sending again). The real broker and a scripted Files and Batch API on localhost.
 */
class BatchTierUploadRetryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int TASKS = 3;
    private static final Predicate<RecordedRequest> UPLOAD =
            r -> r.method().equals("POST") && r.path().equals(OpenAiChat.BASE_PATH + "/files");
    private static final Predicate<RecordedRequest> SEARCH =
            r -> r.method().equals("GET") && r.path().equals(OpenAiChat.BASE_PATH + "/batches");

    private final ScriptedModelServer server = ScriptedModelServer.start();
    private final BatchTierWorkers workers = BatchTierWorkers.onSharedBroker("batch-upload", TASKS);

    @AfterEach
    void stop() throws InterruptedException {
        workers.stopAll();
        server.close();
    }

    @Test
    void aDroppedUploadIsSentAgainAtOnceAndTheBatchIsCreatedOnce() throws Exception {
        BatchTierWorkers.Provider provider = BatchTierWorkers.openAi(server);
        OpenAiBatches batches = (OpenAiBatches) provider.scripted();
        batches.dropUploads(1);
        workers.createTopics();
        String batch = "batch-" + UUID.randomUUID();
        Map<String, String> records = BatchTierWorkers.routedTasks(batch, TASKS, "rename");

        try (ResultsCollector results = new ResultsCollector(workers.bootstrap(), workers.topics().results())) {
            workers.start(provider, "pod-a");
            workers.send(records);

            await().atMost(PATIENCE).until(() -> results.countOfBatch(batch) >= TASKS);
            assertThat(server.requests()).as("uploads: the dropped one and the one sent again")
                    .filteredOn(UPLOAD).hasSize(2);
            assertThat(server.requests()).as("searches for a batch the provider cannot hold").noneMatch(SEARCH);
            assertThat(batches.batchesCreated()).isEqualTo(1);
            assertThat(results.duplicateTaskIds()).isEmpty();
            assertThat(results.resultsOfBatch(batch)).hasSize(TASKS)
                    .allSatisfy(result -> assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED));
            for (int i = 0; i < TASKS; i++) {
                assertThat(batches.timesSubmitted("rename " + i + " " + batch)).as("request %d", i).isEqualTo(1);
            }
        }
    }
}
