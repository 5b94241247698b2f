package dev.taskfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.fleet.LocalFleetBuilder;
import dev.taskfleet.launcher.process.ServiceProcess;
import dev.taskfleet.testkit.ResultsCollector;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.modelserver.OpenAiBatches;
import dev.taskfleet.testkit.modelserver.OpenAiChat;
import dev.taskfleet.testkit.modelserver.ScriptedModelServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A team submits a batch through the packaged CLI with {@code --deadline 24h} and walks away: the
 * policy sends its bulk chores to the batch tier {@code bulk} (OpenAI's Batch API, scripted) and the
 * rest to the on-line tier {@code fast}. While the provider holds the provider batch in progress,
 * status over REST and the CLI say how many tasks wait at the provider and in how many provider
 * batches (and so does the web view's batch page), and the worker's provider-batch series the
 * dashboard draws count the batch; once the provider answers, every task has exactly one final
 * result and nothing waits.
 */
class DeadlineToBatchTierEndToEndTest {

    private static final String PREFIX = "e2e-deadline";
    private static final int BULK = 12;
    private static final int ONLINE = 4;
    private static final String POLICY = """
            tiers: [fast, bulk]
            batchTiers: [bulk]
            rules:
              - id: bulk-can-wait
                tier: bulk
                match: {type: "bulk*", deadline: {min: 2h}}
              - id: everything-else-fast
                tier: fast
                match: {type: "*"}
            """;

    private static final Path HOME = Path.of(System.getProperty("taskfleet.home", "..")).toAbsolutePath().normalize();
    private static final Path WORK_DIR = HOME.resolve("e2e-tests/target/fleet-deadline");

    private static final ScriptedModelServer server = ScriptedModelServer.start();
    private static final OpenAiBatches provider = OpenAiBatches.on(server);

    @RegisterExtension
    static final RunningFleet running = new RunningFleet(PREFIX, DeadlineToBatchTierEndToEndTest::deadlineFleet);

    /** Fast is simulated and quick; bulk sends one provider batch once all {@value #BULK} bulk tasks are in. */
    private static LocalFleetBuilder deadlineFleet() throws IOException {
        Path policy = Files.writeString(Files.createDirectories(WORK_DIR).resolve("policy.yaml"), POLICY);
        LocalFleetBuilder builder = PackagedFleet.builder("fleet-deadline", PREFIX, List.of("fast", "bulk"));
        return PackagedFleet.batchTier(builder, "bulk", "openai-batch", OpenAiChat.baseUrl(server), BULK)
                .serviceProperty("taskfleet.router.policy-file", policy.toString())
                .serviceProperty("taskfleet.tiers.fast.simulated.failure-rate", "0")
                .serviceProperty("taskfleet.tiers.fast.simulated.latency-median", "PT0.1S");
    }

    @AfterAll
    static void stopTheProvider() {
        server.close();
    }

    @Test
    void bulkWorkWithADeadlineWaitsAtTheProviderVisiblyAndEndsWithOneResultPerTask() throws Exception {
        provider.holdBatches();
        CliProcess cli = new CliProcess(HOME, Map.of("TASKFLEET_URL", running.fleet().producerUrl().toString(),
                "TASKFLEET_API_KEY", PackagedFleet.API_KEY));

        CliProcess.Run submit = cli.run("submit", tasks().toString(), "--deadline", "24h", "--json");
        assertThat(submit.exitCode()).as(submit.err()).isZero();
        String batchId = EventCodec.mapper().readTree(submit.out().strip()).get("batchId").asText();

        await().atMost(Duration.ofMinutes(2)).until(() -> provider.batchesCreated() == 1);
        BatchClient users = PackagedFleet.client(running.fleet());
        await().atMost(Duration.ofMinutes(1)).until(() -> users.status(batchId).waitingAtProvider().tasks() == BULK
                && users.status(batchId).succeeded() == ONLINE);
        BatchStatus held = users.status(batchId);
        assertThat(held.waitingAtProvider().providerBatches()).as("provider batches in flight").isEqualTo(1);
        assertThat(held.finished()).as("only the on-line tasks have finished").isEqualTo(ONLINE);
        assertThat(provider.resultsRead()).as("provider outcomes read while held").isZero();
        CliProcess.Run status = cli.run("status", batchId);
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.outLines()).as("the CLI's status while the provider holds the batch")
                .anySatisfy(line -> assertThat(line).startsWith("at provider")
                        .contains(BULK + " tasks waiting in 1 provider batch"));
        JsonNode statusJson = EventCodec.mapper().readTree(cli.run("status", batchId, "--json").out().strip());
        assertThat(statusJson.get("waitingAtProvider").get("tasks").asInt()).isEqualTo(BULK);
        assertTheBatchPageShowsTheWait(batchId);
        ServiceProcess bulkWorker = running.fleet().service(LocalFleet.workerName("bulk"));
        assertThat(metric(bulkWorker, "taskfleet_provider_batches_in_flight")).as("in flight while held").isEqualTo(1);
        assertThat(metric(bulkWorker, "taskfleet_provider_batch_requests_sum")).as("requests sent").isEqualTo(BULK);

        provider.releaseBatches();
        ResultsCollector results = running.results();
        await().atMost(Duration.ofMinutes(2)).until(() -> results.distinctTasksOfBatch(batchId) >= BULK + ONLINE);

        assertOneFinalResultPerTaskOnItsTier(results.resultsOfBatch(batchId), provider.batchIds().get(0));
        await().atMost(Duration.ofMinutes(1)).until(() -> users.status(batchId).finished() == BULK + ONLINE);
        BatchStatus done = users.status(batchId);
        assertThat(done.succeeded()).isEqualTo(BULK + ONLINE);
        assertThat(done.waitingAtProvider().tasks()).as("tasks waiting once the provider answered").isZero();
        CliProcess.Run after = cli.run("status", batchId);
        assertThat(after.exitCode()).as(after.err()).isZero();
        assertThat(after.out()).doesNotContain("at provider");
        assertTheDashboardsProviderBatchSeries(bulkWorker);
    }

    /**
     * The web view's batch page says what the CLI says. Only where Chromium is installed (as in
     * CI); {@link WebViewBrowserTest} skips without it, and this test still checks REST and CLI.
     */
    private static void assertTheBatchPageShowsTheWait(String batchId) throws IOException {
        if (Browser.installed()) {
            try (Browser browser = Browser.startOrSkip(WORK_DIR)) {
                WebView page = new WebView(browser, running.fleet().producerUrl());
                page.signInIfNeeded();
                page.openBatch(batchId);
                assertThat(browser.waitFor("[data-field=at-provider]").getText()).as("the batch page's 'At provider'")
                        .startsWith(BULK + " tasks waiting in 1 provider batch");
                browser.screenshot("batch-at-provider");
            }
        }
    }

    /** The worker's series the dashboard's provider-batch panels read, as the run left them. */
    private static void assertTheDashboardsProviderBatchSeries(ServiceProcess bulkWorker) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> metric(bulkWorker, "taskfleet_provider_batches_in_flight") == 0);
        assertThat(metric(bulkWorker, "taskfleet_provider_batch_requests_count")).as("provider batches sent").isEqualTo(1);
        assertThat(ServiceMetrics.value(bulkWorker, "taskfleet_provider_batch_completion_seconds_count", "outcome",
                "completed")).as("provider batches completed").isEqualTo(1);
        assertThat(metric(bulkWorker, "taskfleet_provider_batch_completion_seconds_bucket")).as("histogram buckets")
                .isPositive();
        assertThat(metric(bulkWorker, "taskfleet_provider_batch_requests_expired_total")).as("expired requests").isZero();
    }

    private static double metric(ServiceProcess worker, String series) {
        return ServiceMetrics.value(worker, series, "tier", "bulk");
    }

    private static void assertOneFinalResultPerTaskOnItsTier(List<TaskResult> published, String providerBatch) {
        assertThat(published).as("results on the results topic").hasSize(BULK + ONLINE)
                .extracting(TaskResult::taskId).doesNotHaveDuplicates();
        assertThat(published).allSatisfy(result -> assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED));
        Map<String, List<TaskResult>> byTier = published.stream().collect(Collectors.groupingBy(TaskResult::tier));
        assertThat(byTier.get("bulk")).as("bulk chores, answered by the provider batch").hasSize(BULK)
                .allSatisfy(result -> {
                    assertThat(result.taskId()).startsWith("chore-");
                    assertThat(result.routing().rule()).isEqualTo("bulk-can-wait");
                    assertThat(result.history()).extracting(AttemptRecord::providerBatch).containsExactly(providerBatch);
                });
        assertThat(byTier.get("fast")).as("the rest, on-line").hasSize(ONLINE)
                .allSatisfy(result -> assertThat(result.taskId()).startsWith("review-"));
    }

    /** {@value #BULK} bulk chores and {@value #ONLINE} reviews, each prompt naming its task. */
    private static Path tasks() throws IOException {
        Stream<String> chores = IntStream.range(0, BULK).mapToObj(i -> TaskBuilder.task()
                .id("chore-" + i).type("bulk-rename").prompt("Task chore-" + i + ": rename field cnt to count.")
                .submissionJson());
        Stream<String> reviews = IntStream.range(0, ONLINE).mapToObj(i -> TaskBuilder.task()
                .id("review-" + i).type("review").prompt("Task review-" + i + ": review the retry loop.")
                .submissionJson());
        Path file = WORK_DIR.resolve("deadline.jsonl");
        Files.writeString(file, Stream.concat(chores, reviews).collect(Collectors.joining("\n", "", "\n")));
        return file;
    }
}
