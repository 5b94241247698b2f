package dev.taskfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.DeadLetterHeaders;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.launcher.client.SubmitResponse;
import dev.taskfleet.testkit.ResultsCollector;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.testkit.KafkaTestClients;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fleet as users run it: the packaged producer, router and two workers (fast, quality) as
 * separate JVMs, talking to a real KRaft broker, driven over HTTP.
 */
class FleetEndToEndTest {

    private static final String PREFIX = "e2e";
    private static final Duration RESULTS_TIMEOUT = Duration.ofMinutes(4);

    @RegisterExtension
    static final RunningFleet running = new RunningFleet(PREFIX,
            () -> PackagedFleet.builder("fleet", PREFIX, List.of("fast", "quality"))
                    // Short simulated model calls keep the run quick; the shape of the work is unchanged.
                    .serviceProperty("taskfleet.tiers.fast.simulated.latency-median", "PT0.02S")
                    .serviceProperty("taskfleet.tiers.quality.simulated.latency-median", "PT0.05S"));

    @Test
    void everyOneOfAThousandTasksGetsExactlyOneResultOnTheTierTheRulesChoose() {
        Map<String, ExpectedRoute> expected = new HashMap<>();
        String body = IntStream.range(0, 1000).mapToObj(i -> {
            ExpectedRoute route = ExpectedRoute.MIX[i % ExpectedRoute.MIX.length];
            String id = "e2e-" + i;
            expected.put(id, route);
            TaskBuilder task = TaskBuilder.task().id(id).type(route.type())
                    .prompt("Task " + i + ": " + route.type() + " in module billing, file Invoice" + i + ".java");
            if (route.tierHint() != null) {
                task.tierHint(route.tierHint());
            }
            return task.submissionJson();
        }).collect(Collectors.joining("\n", "", "\n"));

        SubmitResponse response = submit(body);

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.accepted()).isEqualTo(1000);
        assertThat(response.rejected()).isEmpty();
        String batchId = response.batchId();
        ResultsCollector results = running.results();
        await().atMost(RESULTS_TIMEOUT).until(() -> results.countOfBatch(batchId) >= 1000);

        List<TaskResult> batchResults = results.resultsOfBatch(batchId);
        assertThat(batchResults).hasSize(1000);
        assertThat(batchResults.stream().map(TaskResult::taskId).distinct().count())
                .as("distinct task ids with a result").isEqualTo(1000);
        assertThat(batchResults.stream().map(TaskResult::taskId)).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (TaskResult result : batchResults) {
            ExpectedRoute route = expected.get(result.taskId());
            assertThat(result.tier()).as("tier of %s (%s, hint %s)", result.taskId(), route.type(), route.tierHint())
                    .isEqualTo(route.tier());
            assertThat(result.routing().rule()).as("rule for %s", result.taskId()).isEqualTo(route.rule());
            assertThat(result.routing().reason()).as("routing reason of %s", result.taskId()).isNotBlank();
            if (route.rule().equals("heuristic")) {
                assertThat(result.routing().features()).as("features behind the score of %s", result.taskId())
                        .containsKeys("estimatedTokens", "seniorSignals", "juniorSignals");
            }
            assertThat(result.history()).as("one entry per model call").hasSize(result.attempts());
            assertThat(result.team()).isEqualTo(PackagedFleet.TEAM);
            assertThat(result.attempts()).isGreaterThanOrEqualTo(1);
            assertThat(result.workerId()).isNotBlank();
            assertThat(result.model()).isNotBlank();
        }
        Map<String, Long> perTier = batchResults.stream()
                .collect(Collectors.groupingBy(TaskResult::tier, Collectors.counting()));
        assertThat(perTier).containsOnlyKeys("fast", "quality");
        assertThat(deadLettersMentioning(batchId)).as("DLQ records of this batch").isEmpty();
        assertThat(results.undecodable()).isEmpty();
    }

    @Test
    void malformedJsonlLinesAreReportedByLineWhileTheGoodLinesAreProcessed() {
        String body = String.join("\n",
                TaskBuilder.task().id("mixed-1").type("refactor").submissionJson(),
                "{this is not json",
                TaskBuilder.task().id("mixed-2").type("security-review").submissionJson(),
                "{\"type\":\"refactor\"}",
                "{\"type\":\"refactor\",\"prompt\":\"p\",\"tierHint\":\"platinum\"}",
                TaskBuilder.task().id("mixed-3").type("unit-test").submissionJson()) + "\n";

        SubmitResponse response = submit(body);

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.accepted()).isEqualTo(3);
        assertThat(response.rejected()).extracting(r -> r.line()).containsExactly(2L, 4L, 5L);
        assertThat(response.rejected().get(1).error()).contains("prompt");
        assertThat(response.rejected().get(2).error()).contains("tierHint").contains("platinum");
        ResultsCollector results = running.results();
        await().atMost(RESULTS_TIMEOUT).until(() -> results.countOfBatch(response.batchId()) >= 3);
        assertThat(results.resultsOfBatch(response.batchId())).extracting(TaskResult::taskId)
                .containsExactlyInAnyOrder("mixed-1", "mixed-2", "mixed-3");
    }

    @Test
    void aGarbageRecordOnTheTasksTopicIsDeadLetteredWithAReasonAndRoutingContinues() {
        String garbage = "\u0000\u0001 definitely not a task " + System.nanoTime();
        KafkaTestClients.send(TestBrokers.shared().bootstrapServers(), running.topics().tasks(), "garbage-key",
                garbage);

        await().atMost(Duration.ofMinutes(1)).until(() -> deadLetterWithValue(garbage) != null);
        ConsumerRecord<String, String> dead = deadLetterWithValue(garbage);
        assertThat(header(dead, DeadLetterHeaders.REASON)).isNotBlank();
        assertThat(header(dead, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(running.topics().tasks());
        assertThat(header(dead, DeadLetterHeaders.SERVICE)).isEqualTo("router");

        SubmitResponse after = submit(TaskBuilder.task().id("after-garbage").type("refactor").submissionJson() + "\n");
        assertThat(after.status()).isEqualTo(202);
        ResultsCollector results = running.results();
        await().atMost(RESULTS_TIMEOUT).until(() -> results.countOfBatch(after.batchId()) >= 1);
        assertThat(results.resultsOfBatch(after.batchId()).get(0).taskId()).isEqualTo("after-garbage");
        assertThat(running.fleet().service("router").isAlive()).isTrue();
    }

    private static SubmitResponse submit(String jsonl) {
        try {
            return PackagedFleet.client(running.fleet())
                    .submitJsonl(new ByteArrayInputStream(jsonl.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("submitting to the producer failed", e);
        }
    }

    private static List<ConsumerRecord<String, String>> deadLettersMentioning(String text) {
        return running.deadLetters().records().stream().filter(r -> r.value() != null && r.value().contains(text))
                .toList();
    }

    private static ConsumerRecord<String, String> deadLetterWithValue(String value) {
        return running.deadLetters().records().stream().filter(r -> value.equals(r.value())).findFirst().orElse(null);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
