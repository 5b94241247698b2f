package dev.taskfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.DeadLetterReasons;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.launcher.client.SubmitResponse;
import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.process.ServiceProcess;
import dev.taskfleet.testkit.EscalationBuilder;
import dev.taskfleet.testkit.RoutedTaskBuilder;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.modelserver.OpenAiChat;
import dev.taskfleet.testkit.modelserver.ScriptedModelServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Poison in every topic the fleet reads, written straight onto the topics, and poison a user
 * submits over HTTP. Each topic has one partition, so the good record written after the poison
 * is behind it on the same partition: it is processed only if the reader moved past the poison.
 *
 * <p>Where poison ends: the router and the workers dead-letter what they read from the tasks,
 * escalations and tier topics (reason code per record); the readers of the results, batches and
 * provider-batches topics follow them without a dead-letter topic of their own (the topic belongs
 * to its writers) and skip the record, counted by the producer's tracker metric and logged at
 * WARN with its offset by the workers. The second test then greps the logs of this whole run and
 * the dead-letter headers for the prompts, answers and keys it used.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PoisonRecordsTest {

    private static final String PREFIX = "e2e-poison";
    /** Unique strings the hygiene test looks for: none may appear in a log line or a dead-letter header. */
    // Letters and digits only: a JSON parser's error message quotes such a token whole.
    static final String PROMPT_MARK = "PromptMark5eed20261202";
    static final String OUTPUT_MARK = "OutputMark0a7520261202";
    static final String MODEL_KEY = "skModelKey6e7520261202";
    private static final String ALWAYS_FAILS = "always-fails";

    private static final ScriptedModelServer MODEL = ScriptedModelServer.start();

    @RegisterExtension
    static final RunningFleet running = new RunningFleet(PREFIX, () -> {
        MODEL.route(OpenAiChat.COMPLETIONS)
                .whenPromptContains(ALWAYS_FAILS, OpenAiChat.error(400, "this prompt is refused: " + PROMPT_MARK))
                .otherwise(request -> OpenAiChat.ok("the answer " + OUTPUT_MARK, 12, 7));
        return PackagedFleet.gatedTier(PackagedFleet.builder("fleet-poison", PREFIX, List.of("fast", "bulk")),
                        "fast", MODEL)
                .serviceProperty("taskfleet.tiers.fast.api-key", MODEL_KEY)
                .serviceProperty("taskfleet.tiers.fast.timeout", "PT30S")
                .serviceProperty("taskfleet.tiers.bulk.provider", "simulated-batch")
                .serviceProperty("taskfleet.tiers.bulk.batch.gather-time", "500ms")
                .serviceProperty("taskfleet.tiers.bulk.batch.poll-interval", "200ms")
                .serviceProperty("taskfleet.tiers.bulk.simulated.batch-turnaround", "1s")
                // One partition per topic: the good record is behind the poison on the same partition.
                .serviceProperty("taskfleet.topics.partitions", "1");
    });

    @AfterAll
    static void stopModel() {
        MODEL.close();
    }

    @Test
    @Order(1)
    void everyPoisonRecordIsAccountedForAndTheGoodRecordBehindItIsProcessed() {
        PoisonWriter poison = new PoisonWriter(running.fleet().bootstrapServers());
        String tasks = running.topics().tasks();
        String fast = running.topics().tier("fast");
        String bulk = running.topics().tier("bulk");
        String escalations = running.topics().escalations();
        String results = running.topics().results();
        String batches = running.topics().batches();
        String providerBatches = running.topics().providerBatches();

        List<PoisonWriter.Written> deadLettered = List.of(
                poison.malformedJson(tasks, DeadLetterReasons.UNPARSEABLE, "router"),
                poison.invalidUtf8(tasks, DeadLetterReasons.UNPARSEABLE, "router"),
                poison.write(tasks, "poison-schema", "{\"schemaVersion\":1,\"id\":\"poison-schema\",\"prompt\":[\""
                        + PROMPT_MARK + "\"]}", DeadLetterReasons.INVALID_EVENT, "router"),
                poison.write(tasks, "poison-version", EventCodec.encode(TaskBuilder.task().id("poison-version")
                        .schemaVersion(99).build()), DeadLetterReasons.UNSUPPORTED_VERSION, "router"),
                poison.write(tasks, "poison-oversized", EventCodec.encode(TaskBuilder.task().id("poison-oversized")
                        .prompt(oversizedPrompt()).build()), DeadLetterReasons.INVALID_TASK, "router"),
                poison.malformedJson(escalations, DeadLetterReasons.UNPARSEABLE, "router"),
                poison.invalidUtf8(escalations, DeadLetterReasons.UNPARSEABLE, "router"),
                poison.write(escalations, "poison-escalation", "{\"schemaVersion\":1,\"routed\":\"" + PROMPT_MARK
                        + "\"}", DeadLetterReasons.INVALID_EVENT, "router"),
                poison.malformedJson(fast, DeadLetterReasons.UNPARSEABLE, "worker"),
                poison.invalidUtf8(fast, DeadLetterReasons.UNPARSEABLE, "worker"),
                poison.write(fast, "poison-routed", "{\"schemaVersion\":1,\"task\":{\"prompt\":\"" + PROMPT_MARK
                        + "\"},\"tier\":7}", DeadLetterReasons.INVALID_EVENT, "worker"),
                poison.write(fast, "poison-wrong-tier", EventCodec.encode(TaskBuilder.task().id("poison-wrong-tier")
                        .prompt(PROMPT_MARK).routedTo("bulk")), DeadLetterReasons.WRONG_TIER, "worker"),
                poison.write(fast, "poison-oversized", EventCodec.encode(TaskBuilder.task().id("poison-oversized")
                        .prompt(oversizedPrompt()).routedTo("fast")), DeadLetterReasons.INVALID_TASK, "worker"),
                poison.malformedJson(bulk, DeadLetterReasons.UNPARSEABLE, "worker"),
                poison.invalidUtf8(bulk, DeadLetterReasons.UNPARSEABLE, "worker"));
        List<PoisonWriter.Written> onResults = List.of(poison.malformedJson(results, null, null),
                poison.invalidUtf8(results, null, null),
                poison.write(results, "poison-result", "{\"schemaVersion\":1,\"taskId\":\"poison-result\",\"status\":"
                        + "\"" + PROMPT_MARK + "\"}", null, null));
        List<PoisonWriter.Written> onBatches = List.of(poison.malformedJson(batches, null, null),
                poison.invalidUtf8(batches, null, null),
                poison.write(batches, "poison-batch", "{\"schemaVersion\":1,\"batchId\":\"poison-batch\",\"taskCount\":\""
                        + PROMPT_MARK + "\"}", null, null));
        List<PoisonWriter.Written> onProviderBatches = List.of(poison.malformedJson(providerBatches, null, null),
                poison.invalidUtf8(providerBatches, null, null),
                poison.write(providerBatches, "poison-provider-batch", "{\"schemaVersion\":1,\"id\":7,\"state\":\""
                        + PROMPT_MARK + "\"}", null, null));

        // Good records behind the poison: a user's batch (tasks, both tier topics, results,
        // batches, provider-batches) and an escalation written like a worker's.
        SubmitResponse submitted = submitWithPoisonLines();
        assertThat(submitted.status()).isEqualTo(202);
        assertThat(submitted.accepted()).isEqualTo(3);
        assertThat(submitted.rejected()).extracting(r -> r.line()).containsExactly(2L, 4L);
        assertThat(submitted.rejected().get(0).error()).as("the oversized line's error").contains("prompt");
        assertThat(submitted.rejected().get(1).error()).as("the invalid UTF-8 line's error").containsIgnoringCase("UTF-8");
        String escalated = "after-poison-escalation";
        poison.write(escalations, escalated, EventCodec.encode(EscalationBuilder.anEscalation()
                .of(RoutedTaskBuilder.aRoutedTask().task(TaskBuilder.task().id(escalated).team(PackagedFleet.TEAM)
                        .prompt("escalate " + PROMPT_MARK)).onTier("fast"))
                .because(ResultErrorCodes.OUTPUT_REJECTED, "the answer is not valid JSON").build()), null, null);

        await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> assertThat(running.results().byTaskId())
                .containsKeys("after-poison-fast", "after-poison-bulk", "after-poison-" + ALWAYS_FAILS, escalated));
        Map<String, TaskResult> byTask = running.results().byTaskId();
        assertThat(byTask.get("after-poison-fast").status()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(byTask.get("after-poison-bulk").status()).as("through a provider batch").isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(byTask.get("after-poison-" + ALWAYS_FAILS).status()).isEqualTo(ResultStatus.FAILED);
        assertThat(byTask.get("after-poison-" + ALWAYS_FAILS).error().code()).isEqualTo(ResultErrorCodes.BAD_REQUEST);
        assertThat(running.results().duplicateTaskIds()).isEmpty();
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(
                PackagedFleet.client(running.fleet()).status(submitted.batchId()).finished())
                .as("the producer's tracker read the batch's results behind the poison").isEqualTo(3));

        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            for (PoisonWriter.Written written : deadLettered) {
                assertThat(PoisonWriter.deadLetterOf(running.deadLetters(), written))
                        .as("the dead letter of %s", written).isNotNull();
            }
        });
        for (PoisonWriter.Written written : deadLettered) {
            PoisonWriter.assertDescribes(PoisonWriter.deadLetterOf(running.deadLetters(), written), written);
        }
        ServiceProcess producer = running.fleet().service(LocalFleet.PRODUCER);
        assertThat(ServiceMetrics.value(producer, "taskfleet_tracker_records_skipped_total", "topic", results))
                .as("results poison skipped by the producer's tracker").isEqualTo(onResults.size());
        assertThat(ServiceMetrics.value(producer, "taskfleet_tracker_records_skipped_total", "topic", batches))
                .as("batches poison skipped by the producer's tracker").isEqualTo(onBatches.size());
        for (String tier : List.of("fast", "bulk")) {
            List<String> log = running.fleet().service(LocalFleet.workerName(tier)).logTail(5000);
            for (PoisonWriter.Written written : onBatches) {
                assertThat(log).as("%s worker skipping %s", tier, written)
                        .anyMatch(line -> line.contains("WARN") && line.contains("skipping batch event "
                                + written.topic() + "/0@" + written.offset()));
            }
        }
        List<String> bulkLog = running.fleet().service(LocalFleet.workerName("bulk")).logTail(5000);
        for (PoisonWriter.Written written : onProviderBatches) {
            assertThat(bulkLog).as("bulk worker skipping %s", written).anyMatch(line -> line.contains("WARN")
                    && line.contains("skipping unreadable record " + written.topic() + "/0@" + written.offset()));
        }
        for (ServiceProcess service : running.fleet().services()) {
            assertThat(service.isAlive()).as("%s alive", service.name()).isTrue();
            assertThat(service.pollReady()).as("%s ready", service.name()).isTrue();
        }
    }

    private static SubmitResponse submitWithPoisonLines() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(line(TaskBuilder.task().id("after-poison-fast").tierHint("fast").prompt("fast " + PROMPT_MARK)));
        body.writeBytes(line(TaskBuilder.task().id("after-poison-oversized").tierHint("fast").prompt(oversizedPrompt())));
        body.writeBytes(line(TaskBuilder.task().id("after-poison-bulk").tierHint("bulk").prompt("bulk " + PROMPT_MARK)));
        body.writeBytes(PoisonWriter.INVALID_UTF8);
        body.write('\n');
        body.writeBytes(line(TaskBuilder.task().id("after-poison-" + ALWAYS_FAILS).tierHint("fast")
                .prompt(ALWAYS_FAILS + " " + PROMPT_MARK)));
        return PackagedFleet.client(running.fleet()).submitJsonl(new ByteArrayInputStream(body.toByteArray()));
    }

    private static byte[] line(TaskBuilder task) {
        return (task.submissionJson() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** One character over the default {@code taskfleet.tasks.max-prompt-chars} (100,000). */
    private static String oversizedPrompt() {
        return PROMPT_MARK + "x".repeat(100_001 - PROMPT_MARK.length());
    }

    @Test
    @Order(2)
    void noPromptAnswerOrKeyReachesALogLineOrADeadLetterHeader() throws IOException {
        assertThat(MODEL.requests()).as("the model saw the prompts and the key")
                .anyMatch(request -> request.body().contains(PROMPT_MARK))
                .anyMatch(request -> String.valueOf(request.header("Authorization")).contains(MODEL_KEY));
        List<String> secrets = List.of(PROMPT_MARK, OUTPUT_MARK, MODEL_KEY, PackagedFleet.API_KEY);
        for (ServiceProcess service : running.fleet().services()) {
            List<String> log = Files.readAllLines(service.logFile(), StandardCharsets.UTF_8);
            assertThat(log).as("%s's log", service.name()).isNotEmpty();
            for (String secret : secrets) {
                assertThat(log).as("lines of %s's log with %s", service.name(), secret)
                        .noneMatch(line -> line.contains(secret));
            }
        }
        assertThat(running.deadLetters().records()).as("dead letters of this run").isNotEmpty();
        for (ConsumerRecord<String, String> deadLetter : running.deadLetters().records()) {
            for (Header header : deadLetter.headers()) {
                String text = new String(header.value(), StandardCharsets.UTF_8);
                for (String secret : secrets) {
                    assertThat(text).as("dead-letter header %s", header.key()).doesNotContain(secret);
                }
            }
        }
    }
}
