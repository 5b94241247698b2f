package dev.taskfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.process.ServiceProcess;
import dev.taskfleet.testkit.Events;
import dev.taskfleet.testkit.ResultsCollector;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.modelserver.ScriptedBatches;
import dev.taskfleet.testkit.modelserver.ScriptedModelServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A batch tier's worker process is SIGKILLed while its provider batch is at the provider: created
 * and being polled, its results not read. A new worker process of the tier takes the provider
 * batch over from {@code <prefix>.provider-batches} and follows it to its end. Every task must end
 * with exactly one final result, and the provider must have seen each request once, in the one
 * batch created for them: nothing lost, nothing charged twice.
 *
 * <p>The scripted provider holds the batch in progress until the kill has landed (the process is
 * gone) and the new worker has polled the batch itself; only then does the test let it complete.
 * One subclass per provider batch API, each with its own packaged fleet.
 */
abstract class BatchTierWorkerKill {

    static final int TASKS = 20;
    private static final String TIER = "fast";

    /** The class's fleet: tier {@code fast} on the provider's batch API, gathering {@value #TASKS} tasks per batch. */
    abstract RunningFleet running();

    abstract ScriptedModelServer server();

    abstract ScriptedBatches provider();

    @Test
    void aWorkerKilledWhileItsProviderBatchIsInProgressIsReplacedAndNothingIsLostOrSentTwice() {
        provider().holdBatches();
        String batchId = submit();
        await().atMost(Duration.ofMinutes(2)).until(() -> provider().batchesCreated() == 1
                && pollsOf(provider().batchIds().get(0)) >= 2);
        String providerBatch = provider().batchIds().get(0);

        ServiceProcess first = running().fleet().service(LocalFleet.workerName(TIER));
        first.kill();
        await().atMost(Duration.ofSeconds(30)).until(() -> !first.isAlive());
        assertThat(provider().resultsRead()).as("provider batch outcomes read before the kill").isZero();
        ResultsCollector results = running().results();
        assertThat(results.resultsOfBatch(batchId)).as("results published before the kill").isEmpty();

        long pollsByTheKilledWorker = pollsOf(providerBatch);
        running().startWorker(TIER);
        await().atMost(Duration.ofMinutes(3)).until(() -> pollsOf(providerBatch) >= pollsByTheKilledWorker + 2);
        assertThat(provider().batchesCreated()).as("provider batches after the new worker took over").isEqualTo(1);
        provider().releaseBatches();
        await().atMost(Duration.ofMinutes(2)).until(() -> results.distinctTasksOfBatch(batchId) >= TASKS);

        assertOneFinalResultPerTask(results.resultsOfBatch(batchId), providerBatch);
        assertEachRequestSentOnceInOneBatch(providerBatch);
        assertUsersSeeOneResultPerTask(batchId);
    }

    private void assertOneFinalResultPerTask(List<TaskResult> published, String providerBatch) {
        assertThat(published).as("results on the results topic (read_committed)").hasSize(TASKS)
                .extracting(TaskResult::taskId).doesNotHaveDuplicates();
        assertThat(published).allSatisfy(result -> {
            assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(result.history()).as("attempts of " + result.taskId()).hasSize(1)
                    .extracting(AttemptRecord::providerBatch).containsExactly(providerBatch);
        });
    }

    private void assertEachRequestSentOnceInOneBatch(String providerBatch) {
        assertThat(provider().batchesCreated()).as("provider batches created").isEqualTo(1);
        assertThat(server().requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().endsWith("/batches")).count())
                .as("batch creations asked of the provider").isEqualTo(1);
        assertThat(provider().submissions()).as("times each prompt was submitted").hasSize(TASKS)
                .allSatisfy((prompt, times) -> assertThat(times).as(prompt).isEqualTo(1));
        Collection<String> customIds = provider().promptsOf(providerBatch).keySet();
        assertThat(taskIds()).as("tasks with exactly one request at the provider").allSatisfy(taskId ->
                assertThat(customIds.stream().filter(id -> id.endsWith("-" + taskId))).hasSize(1));
    }

    private void assertUsersSeeOneResultPerTask(String batchId) {
        BatchClient users = PackagedFleet.client(running().fleet());
        await().atMost(Duration.ofMinutes(1)).until(() -> users.status(batchId).finished() == TASKS);
        BatchStatus status = users.status(batchId);
        assertThat(status.succeeded()).as("tasks users see succeeded").isEqualTo(TASKS);
        assertThat(status.duplicatesDropped()).as("second results the producer dropped").isZero();
        List<String> lines = new ArrayList<>();
        users.results(batchId, null, lines::add);
        assertThat(Events.decodeLines(String.join("\n", lines), TaskResult.class)).as("results users get")
                .hasSize(TASKS).extracting(TaskResult::taskId).doesNotHaveDuplicates();
    }

    private long pollsOf(String providerBatchId) {
        return server().requests().stream()
                .filter(r -> r.method().equals("GET") && r.path().endsWith("/batches/" + providerBatchId)).count();
    }

    private static List<String> taskIds() {
        return IntStream.range(0, TASKS).mapToObj(i -> "kill-" + i).toList();
    }

    /** Each task's prompt names it, so the provider counts every request on its own. */
    private String submit() {
        String body = taskIds().stream()
                .map(id -> TaskBuilder.task().id(id).type("refactor")
                        .prompt("Task " + id + ": extract the retry loop of HttpClient.send into a helper.")
                        .submissionJson())
                .collect(Collectors.joining("\n", "", "\n"));
        var response = PackagedFleet.client(running().fleet())
                .submitJsonl(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(response.accepted()).as("tasks accepted").isEqualTo(TASKS);
        return response.batchId();
    }
}
