package dev.taskfleet.worker.batch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.DeadLetterHeaders;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.DeadLetterRecords;
import dev.taskfleet.kafka.TopicProvisioner;
import dev.taskfleet.kafka.TopicSpec;
import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.ResultsCollector;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.testkit.TopicCollector;
import dev.taskfleet.testkit.modelserver.BatchAnswer;
import dev.taskfleet.testkit.modelserver.ScriptedModelServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A batch tier whose provider batch holds one answer larger than the worker's
 * {@code max.request.size} (cut to {@value #MAX_REQUEST_SIZE} bytes here): that task's one result is
 * FAILED {@code OUTPUT_TOO_LARGE} with its tokens and cost, the other results of the same provider
 * batch land with it in one transaction, once each, and the loop goes on to the next provider batch
 * rather than collecting the same one again; a dead letter too large for that limit is written
 * without its value. The same when the limit is the results topic's {@code max.message.bytes}
 * rather than the producer's. The real broker and a scripted OpenAI Batch API on localhost.
 */
class BatchTierOversizedAnswerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int TASKS = 4;
    private static final int MAX_REQUEST_SIZE = 20_000;
    private static final String HUGE_ANSWER = "word ".repeat(6_000);
    private static final long HUGE_OUTPUT_TOKENS = 6_000;

    private final String prefix = "batch-oversized-" + UUID.randomUUID();
    private final TopicNames topics = new TopicNames(prefix);
    private final String bootstrap = TestBrokers.shared().bootstrapServers();
    private final ScriptedModelServer server = ScriptedModelServer.start();
    private final BatchTierWorkers workers = new BatchTierWorkers(prefix, bootstrap, TASKS,
            Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MAX_REQUEST_SIZE)));

    @AfterEach
    void stop() throws InterruptedException {
        workers.stopAll();
        server.close();
    }

    @Test
    void anAnswerTooLargeForTheResultsTopicEndsFailedAndTheRestOfItsProviderBatchLandsOnce() throws Exception {
        assertThat(HUGE_ANSWER.length()).isGreaterThan(MAX_REQUEST_SIZE);
        KafkaTestClients.createTopics(bootstrap, 2, List.of(topics.tier("fast"), topics.results(),
                topics.escalations(), topics.deadLetters(), topics.providerBatches()));

        assertTheHugeAnswerEndsFailedAndTheLoopMovesOn(workers);
    }

    /**
     * The worker's {@code max.request.size} at Kafka's default (1 MiB) and the results topic created
     * with a {@code max.message.bytes} of {@value #MAX_REQUEST_SIZE}: the producer would send the
     * result and the broker refuse it, aborting the transaction with the provider batch's every
     * result. Sized at start-up against the topic's limit, the huge answer ends the same way as above.
     */
    @Test
    void anAnswerBetweenTheTopicsLimitAndTheProducersEndsFailedTooRatherThanAbortingTheTransaction()
            throws Exception {
        assertThat(HUGE_ANSWER.length()).isGreaterThan(MAX_REQUEST_SIZE).isLessThan(1_048_576 / 2);
        KafkaTestClients.createTopics(bootstrap, 2, List.of(topics.tier("fast"), topics.escalations(),
                topics.deadLetters(), topics.providerBatches()));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicProvisioner(admin, PATIENCE).ensure(List.of(new TopicSpec(topics.results(), 2, (short) 1,
                    Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_REQUEST_SIZE)))));
        }
        BatchTierWorkers defaultClients = new BatchTierWorkers(prefix, bootstrap, TASKS, Map.of());
        try {
            assertTheHugeAnswerEndsFailedAndTheLoopMovesOn(defaultClients);
        } finally {
            defaultClients.stopAll();
        }
    }

    /**
     * A provider batch whose second task is answered with {@link #HUGE_ANSWER}, then one whose answers
     * all fit: the huge one ends FAILED {@code OUTPUT_TOO_LARGE}, every other task succeeds, each once,
     * and each provider batch was created once.
     */
    private void assertTheHugeAnswerEndsFailedAndTheLoopMovesOn(BatchTierWorkers tierWorkers) throws Exception {
        BatchTierWorkers.Provider provider = BatchTierWorkers.openAi(server);
        provider.scripted().whenPromptContains("huge", BatchAnswer.ok(HUGE_ANSWER, 10, HUGE_OUTPUT_TOKENS));
        String first = "batch-" + UUID.randomUUID();
        String next = "batch-" + UUID.randomUUID();

        try (ResultsCollector results = new ResultsCollector(bootstrap, topics.results());
                TopicCollector deadLetters = new TopicCollector(bootstrap, topics.deadLetters())) {
            tierWorkers.start(provider, "pod-a");
            KafkaTestClients.sendAll(bootstrap, topics.tier("fast"), tasks(first, 1));
            await().atMost(PATIENCE).until(() -> results.countOfBatch(first) >= TASKS);

            assertThat(provider.scripted().batchesCreated()).isEqualTo(1);
            TaskResult huge = results.byTaskId().get(first + "-1");
            assertThat(huge.status()).isEqualTo(ResultStatus.FAILED);
            assertThat(huge.output()).isNull();
            assertThat(huge.error().code()).isEqualTo(ResultErrorCodes.OUTPUT_TOO_LARGE);
            assertThat(huge.error().message()).contains(HUGE_ANSWER.length() + " characters");
            assertThat(huge.outputTokens()).as("the tokens were spent").isEqualTo(HUGE_OUTPUT_TOKENS);
            assertThat(huge.costUsd()).as("and paid for").isPositive();
            assertThat(results.resultsOfBatch(first)).filteredOn(r -> !r.taskId().equals(huge.taskId()))
                    .hasSize(TASKS - 1).allSatisfy(r -> assertThat(r.status()).isEqualTo(ResultStatus.SUCCEEDED));

            // The loop moved on: the next provider batch is sent and answered.
            KafkaTestClients.sendAll(bootstrap, topics.tier("fast"), tasks(next, -1));
            await().atMost(PATIENCE).until(() -> results.countOfBatch(next) >= TASKS);
            assertThat(provider.scripted().batchesCreated()).isEqualTo(2);
            assertThat(results.resultsOfBatch(next)).hasSize(TASKS)
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(ResultStatus.SUCCEEDED));
            assertThat(results.resultsOfBatch(first)).as("each task of the first provider batch once").hasSize(TASKS);
            assertThat(results.duplicateTaskIds()).isEmpty();
            assertThat(provider.scripted().timesSubmitted("huge 1 " + first)).isEqualTo(1);
            assertThat(deadLetters.records()).as("nothing dead-lettered").isEmpty();
        }
    }

    /**
     * A record on the tier topic that is not a task and is larger than {@code max.request.size}: its
     * dead letter is written without the value (its headers say where it is), so the intake's
     * transaction commits and the tasks behind it are gathered and answered.
     */
    @Test
    void aDeadLetterTooLargeForTheProducerIsWrittenWithoutItsValueAndTheTasksBehindItRun() throws Exception {
        BatchTierWorkers.Provider provider = BatchTierWorkers.openAi(server);
        KafkaTestClients.createTopics(bootstrap, 1, List.of(topics.tier("fast"), topics.results(),
                topics.escalations(), topics.deadLetters(), topics.providerBatches()));
        String batch = "batch-" + UUID.randomUUID();
        String poison = "{\"not a task\": \"" + "x".repeat(MAX_REQUEST_SIZE) + "\"}";

        try (ResultsCollector results = new ResultsCollector(bootstrap, topics.results());
                TopicCollector deadLetters = new TopicCollector(bootstrap, topics.deadLetters())) {
            KafkaTestClients.send(bootstrap, topics.tier("fast"), "poison", poison);
            KafkaTestClients.sendAll(bootstrap, topics.tier("fast"), tasks(batch, -1));
            workers.start(provider, "pod-a");

            await().atMost(PATIENCE).until(() -> results.countOfBatch(batch) >= TASKS);
            assertThat(results.resultsOfBatch(batch)).hasSize(TASKS)
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(ResultStatus.SUCCEEDED));
            await().atMost(PATIENCE).until(() -> deadLetters.size() >= 1);
            ConsumerRecord<String, String> copy = deadLetters.records().get(0);
            assertThat(deadLetters.records()).hasSize(1);
            assertThat(copy.key()).isEqualTo("poison");
            assertThat(copy.value()).isNull();
            assertThat(new String(copy.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8))
                    .endsWith(DeadLetterRecords.VALUE_DROPPED);
        }
    }

    /** {@value #TASKS} tasks of {@code batch}; the one at {@code hugeAt} (if any) is answered with {@link #HUGE_ANSWER}. */
    private static Map<String, String> tasks(String batch, int hugeAt) {
        Map<String, String> records = new LinkedHashMap<>();
        for (int i = 0; i < TASKS; i++) {
            RoutedTask routed = TaskBuilder.task().id(batch + "-" + i).batch(batch)
                    .prompt((i == hugeAt ? "huge " : "report ") + i + " " + batch).routedTo("fast");
            records.put(routed.task().id(), EventCodec.encode(routed));
        }
        return records;
    }
}
