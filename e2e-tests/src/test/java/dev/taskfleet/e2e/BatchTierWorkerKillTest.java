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
import dev.taskfleet.testkit.modelserver.AnthropicBatches;
import dev.taskfleet.testkit.modelserver.AnthropicMessages;
import dev.taskfleet.testkit.modelserver.OpenAiBatches;
import dev.taskfleet.testkit.modelserver.OpenAiChat;
import dev.taskfleet.testkit.modelserver.ScriptedBatches;
import dev.taskfleet.testkit.modelserver.ScriptedModelServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A batch tier's worker process is SIGKILLed while its provider batch is at the provider: created
 * and being polled, its results not read. A new worker process of the tier takes the provider
 * batch over from {@code <prefix>.provider-batches} and follows it to its end. Every task must end
 * with exactly one final result, and the provider must have seen each request once, in the one
 * batch created for them: nothing lost, nothing charged twice.
 *
 * <p>The scripted provider holds the batch in progress until the kill has landed (the process is
 * gone) and the new worker has polled the batch itself; only then does the test let it complete.
 * Once per provider batch API, in one packaged fleet: tier {@code fast} on {@code openai-batch}
 * (OpenAI's Files and Batch APIs) and tier {@code quality} on {@code anthropic-batch} (Anthropic's
 * Message Batches), each scripted on a server of its own, each gathering {@value #TASKS} tasks per
 * provider batch. Each tier gets its tasks by a tier hint, and only its own worker is killed.
 */
class BatchTierWorkerKillTest {

    static final int TASKS = 20;
    private static final String PREFIX = "e2e-batch-kill";

    /** One tier of the fleet and the scripted provider API it calls. */
    record Tier(String name, ScriptedModelServer server, ScriptedBatches provider) {
    }

    private static final ScriptedModelServer openAiServer = ScriptedModelServer.start();
    private static final ScriptedModelServer anthropicServer = ScriptedModelServer.start();
    private static final Tier OPENAI = new Tier("fast", openAiServer, OpenAiBatches.on(openAiServer));
    private static final Tier ANTHROPIC = new Tier("quality", anthropicServer, AnthropicBatches.on(anthropicServer));

    @RegisterExtension
    static final RunningFleet running = new RunningFleet(PREFIX, () -> PackagedFleet.batchTier(
            PackagedFleet.batchTier(PackagedFleet.builder("fleet-batch-kill", PREFIX, List.of(OPENAI.name(),
                    ANTHROPIC.name())), OPENAI.name(), "openai-batch", OpenAiChat.baseUrl(openAiServer), TASKS),
            ANTHROPIC.name(), "anthropic-batch", AnthropicMessages.baseUrl(anthropicServer), TASKS));

    @AfterAll
    static void stopTheProviders() {
        openAiServer.close();
        anthropicServer.close();
    }

    /**
     * Both tiers at once, each step for each tier before the next step: the scenarios do not touch
     * each other (their own tier, worker, provider and batch), and run side by side they cost the
     * time of one.
     */
    @Test
    void aWorkerKilledOnEachBatchTierWhileItsProviderBatchIsInProgressIsReplacedAndNothingIsLostOrSentTwice() {
        List<Tier> tiers = List.of(OPENAI, ANTHROPIC);
        Map<Tier, String> batchIds = new LinkedHashMap<>();
        for (Tier tier : tiers) {
            tier.provider().holdBatches();
            batchIds.put(tier, submit(tier));
        }
        Map<Tier, String> providerBatches = new LinkedHashMap<>();
        for (Tier tier : tiers) {
            ScriptedBatches provider = tier.provider();
            await().atMost(Duration.ofMinutes(2)).until(() -> provider.batchesCreated() == 1
                    && pollsOf(tier, provider.batchIds().get(0)) >= 2);
            providerBatches.put(tier, provider.batchIds().get(0));
        }

        ResultsCollector results = running.results();
        for (Tier tier : tiers) {
            running.fleet().service(LocalFleet.workerName(tier.name())).kill();
        }
        Map<Tier, Long> pollsByTheKilledWorker = new LinkedHashMap<>();
        for (Tier tier : tiers) {
            ServiceProcess first = running.fleet().service(LocalFleet.workerName(tier.name()));
            await().atMost(Duration.ofSeconds(30)).until(() -> !first.isAlive());
            assertThat(tier.provider().resultsRead()).as(tier.name() + ": provider batch outcomes read before the kill")
                    .isZero();
            assertThat(results.resultsOfBatch(batchIds.get(tier))).as(tier.name() + ": results published before the kill")
                    .isEmpty();
            pollsByTheKilledWorker.put(tier, pollsOf(tier, providerBatches.get(tier)));
        }

        for (Tier tier : tiers) {
            running.startWorker(tier.name());
        }
        for (Tier tier : tiers) {
            String providerBatch = providerBatches.get(tier);
            await().atMost(Duration.ofMinutes(3))
                    .until(() -> pollsOf(tier, providerBatch) >= pollsByTheKilledWorker.get(tier) + 2);
            assertThat(tier.provider().batchesCreated()).as(tier.name() + ": provider batches after the new worker took over")
                    .isEqualTo(1);
            tier.provider().releaseBatches();
        }

        for (Tier tier : tiers) {
            String batchId = batchIds.get(tier);
            await().atMost(Duration.ofMinutes(2)).until(() -> results.distinctTasksOfBatch(batchId) >= TASKS);
            assertOneFinalResultPerTask(tier, results.resultsOfBatch(batchId), providerBatches.get(tier));
            assertEachRequestSentOnceInOneBatch(tier, providerBatches.get(tier));
            assertUsersSeeOneResultPerTask(batchId);
        }
    }

    private static void assertOneFinalResultPerTask(Tier tier, List<TaskResult> published, String providerBatch) {
        assertThat(published).as(tier.name() + ": results on the results topic (read_committed)").hasSize(TASKS)
                .extracting(TaskResult::taskId).doesNotHaveDuplicates();
        assertThat(published).allSatisfy(result -> {
            assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(result.tier()).as("tier of " + result.taskId()).isEqualTo(tier.name());
            assertThat(result.history()).as("attempts of " + result.taskId()).hasSize(1)
                    .extracting(AttemptRecord::providerBatch).containsExactly(providerBatch);
        });
    }

    private static void assertEachRequestSentOnceInOneBatch(Tier tier, String providerBatch) {
        ScriptedBatches provider = tier.provider();
        assertThat(provider.batchesCreated()).as(tier.name() + ": provider batches created").isEqualTo(1);
        assertThat(tier.server().requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().endsWith("/batches")).count())
                .as(tier.name() + ": batch creations asked of the provider").isEqualTo(1);
        assertThat(provider.submissions()).as(tier.name() + ": times each prompt was submitted").hasSize(TASKS)
                .allSatisfy((prompt, times) -> assertThat(times).as(prompt).isEqualTo(1));
        Collection<String> customIds = provider.promptsOf(providerBatch).keySet();
        assertThat(taskIds(tier)).as("tasks with exactly one request at the provider").allSatisfy(taskId ->
                assertThat(customIds.stream().filter(id -> id.endsWith("-" + taskId))).hasSize(1));
    }

    private static void assertUsersSeeOneResultPerTask(String batchId) {
        BatchClient users = PackagedFleet.client(running.fleet());
        await().atMost(Duration.ofMinutes(1)).until(() -> users.status(batchId).finished() == TASKS);
        BatchStatus status = users.status(batchId);
        assertThat(status.succeeded()).as("tasks users see succeeded").isEqualTo(TASKS);
        assertThat(status.duplicatesDropped()).as("second results the producer dropped").isZero();
        List<String> lines = new ArrayList<>();
        users.results(batchId, null, lines::add);
        assertThat(Events.decodeLines(String.join("\n", lines), TaskResult.class)).as("results users get")
                .hasSize(TASKS).extracting(TaskResult::taskId).doesNotHaveDuplicates();
    }

    private static long pollsOf(Tier tier, String providerBatchId) {
        return tier.server().requests().stream()
                .filter(r -> r.method().equals("GET") && r.path().endsWith("/batches/" + providerBatchId)).count();
    }

    /** The tier's name in each id, so the two tiers' tasks never share one. */
    private static List<String> taskIds(Tier tier) {
        return IntStream.range(0, TASKS).mapToObj(i -> "kill-" + tier.name() + "-" + i).toList();
    }

    /** Each task's prompt names it, so the provider counts every request on its own; its hint sends it to the tier. */
    private static String submit(Tier tier) {
        String body = taskIds(tier).stream()
                .map(id -> TaskBuilder.task().id(id).type("refactor").tierHint(tier.name())
                        .prompt("Task " + id + ": extract the retry loop of HttpClient.send into a helper.")
                        .submissionJson())
                .collect(Collectors.joining("\n", "", "\n"));
        var response = PackagedFleet.client(running.fleet())
                .submitJsonl(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(response.accepted()).as("tasks accepted").isEqualTo(TASKS);
        return response.batchId();
    }
}
