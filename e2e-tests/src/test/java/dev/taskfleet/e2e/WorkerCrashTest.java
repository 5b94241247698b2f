package dev.taskfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.contract.FinalResults;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.process.ServiceProcess;
import dev.taskfleet.testkit.Events;
import dev.taskfleet.testkit.ResultsCollector;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.testkit.TopicCollector;
import dev.taskfleet.testkit.modelserver.OpenAiChat;
import dev.taskfleet.testkit.modelserver.ScriptedModelServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker killed with SIGKILL in the middle of a batch gets no chance to drain or commit. The
 * tasks it held are redelivered to the worker started after it; tasks it had finished but not yet
 * committed run again and publish a second copy of their result. Every task must still end with
 * exactly one final result as readers see it: the {@link FinalResults} rule keeps the first copy.
 *
 * <p>The test makes those second copies happen rather than hoping for them. The tier's model holds
 * the call of the batch's first task, the first record of its partition, until the test releases
 * it. The worker keeps publishing the results of the later tasks of that partition, but it cannot
 * commit past a record it has not finished, so when it is killed every one of those results is
 * published and uncommitted: the restarted worker must run each of them again.
 */
class WorkerCrashTest {

    private static final String PREFIX = "e2e-crash";
    private static final int TASKS = 300;
    private static final String HELD_TASK = "crash-0";
    /** Results of the held task's partition published before the kill: second copies to come. */
    private static final int UNCOMMITTED_AT_LEAST = 5;

    private static final ScriptedModelServer model = ScriptedModelServer.start();

    @RegisterExtension
    static final RunningFleet running = new RunningFleet(PREFIX,
            () -> PackagedFleet.gatedSingleTier("fleet-crash", PREFIX, model));

    @AfterAll
    static void stopTheModel() {
        model.close();
    }

    @Test
    void aWorkerKilledMidBatchLosesNothingAndUsersSeeOneFinalResultPerTask() throws Exception {
        // About a second per call, so the kill finds many calls in flight.
        model.route(OpenAiChat.COMPLETIONS).otherwise(request -> OpenAiChat.ok("done", 10, 5).after(Duration.ofSeconds(1)));
        model.holdWhere(request -> request.prompt().startsWith(promptOf(HELD_TASK)));
        String batchId = submit();
        ResultsCollector results = running.results();
        ServiceProcess first = running.fleet().service(LocalFleet.workerName("fast"));
        List<String> uncommitted;
        try (TopicCollector tierTopic = new TopicCollector(TestBrokers.shared().bootstrapServers(),
                running.topics().tier("fast"))) {
            await().atMost(Duration.ofMinutes(1)).until(() -> model.heldRequests() == 1);
            Map<String, ConsumerRecord<String, String>> placed = byKey(tierTopic, TASKS);
            ConsumerRecord<String, String> held = placed.get(HELD_TASK);
            Set<String> behindTheHeldTask = placed.values().stream()
                    .filter(r -> r.partition() == held.partition() && r.offset() > held.offset())
                    .map(ConsumerRecord::key)
                    .collect(Collectors.toSet());
            await().atMost(Duration.ofMinutes(2)).until(() -> results.resultsOfBatch(batchId).stream()
                    .filter(result -> behindTheHeldTask.contains(result.taskId())).count() >= UNCOMMITTED_AT_LEAST);
            first.kill();
            await().atMost(Duration.ofSeconds(30)).until(() -> !first.isAlive());
            uncommitted = results.resultsOfBatch(batchId).stream().map(TaskResult::taskId)
                    .filter(behindTheHeldTask::contains).toList();
        }
        assertThat(uncommitted).as("results published behind the held task, uncommitted at the kill")
                .hasSizeGreaterThanOrEqualTo(UNCOMMITTED_AT_LEAST);

        model.release();
        running.startWorker("fast");
        await().atMost(Duration.ofMinutes(3)).until(() -> results.distinctTasksOfBatch(batchId) >= TASKS);
        await().atMost(Duration.ofMinutes(1)).until(() -> secondCopies(results, batchId, uncommitted) == uncommitted.size());

        List<TaskResult> published = results.resultsOfBatch(batchId);
        long duplicates = published.size() - TASKS;
        assertThat(duplicates).as("second copies on the results topic").isGreaterThanOrEqualTo(uncommitted.size());
        FinalResults finals = new FinalResults();
        List<TaskResult> seenByReaders = published.stream().filter(finals::isFirst).toList();
        assertThat(seenByReaders).as("one final result per task after de-duplication").hasSize(TASKS)
                .allSatisfy(result -> assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED));
        assertThat(seenByReaders.stream().map(TaskResult::workerId).distinct().count())
                .as("the restarted worker finished what the killed one left").isEqualTo(2);

        BatchClient users = PackagedFleet.client(running.fleet());
        await().atMost(Duration.ofMinutes(1)).until(() -> users.status(batchId).duplicatesDropped() == duplicates);
        BatchStatus status = users.status(batchId);
        assertThat(status.succeeded()).as("tasks users see succeeded").isEqualTo(TASKS);
        assertThat(status.finished()).isEqualTo(TASKS);
        List<String> lines = new ArrayList<>();
        users.results(batchId, null, lines::add);
        assertThat(Events.decodeLines(String.join("\n", lines), TaskResult.class)).as("results users get")
                .hasSize(TASKS).extracting(TaskResult::taskId).doesNotHaveDuplicates();
    }

    /** Every task's prompt starts with its id, so the model can hold one task's call. */
    private static String promptOf(String taskId) {
        return "Task " + taskId + ": extract the retry loop of HttpClient.send into a helper.";
    }

    private static String submit() {
        String body = IntStream.range(0, TASKS)
                .mapToObj(i -> TaskBuilder.task().id("crash-" + i).type("refactor").prompt(promptOf("crash-" + i))
                        .submissionJson())
                .collect(Collectors.joining("\n", "", "\n"));
        var response = PackagedFleet.client(running.fleet())
                .submitJsonl(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(response.accepted()).as("tasks accepted").isEqualTo(TASKS);
        return response.batchId();
    }

    /** Each task's record on the tier topic, once all {@code count} are there. */
    private static Map<String, ConsumerRecord<String, String>> byKey(TopicCollector tierTopic, int count) {
        await().atMost(Duration.ofMinutes(1)).until(() -> tierTopic.size() >= count);
        return tierTopic.records().stream().collect(Collectors.toMap(ConsumerRecord::key, Function.identity()));
    }

    private static long secondCopies(ResultsCollector results, String batchId, List<String> taskIds) {
        Map<String, Long> copies = results.resultsOfBatch(batchId).stream()
                .collect(Collectors.groupingBy(TaskResult::taskId, Collectors.counting()));
        return taskIds.stream().filter(id -> copies.getOrDefault(id, 0L) == 2).count();
    }
}
