package dev.taskfleet.producer.api;

import static dev.taskfleet.producer.api.Fleet.BATCHES;
import static dev.taskfleet.producer.api.Fleet.T0;
import static dev.taskfleet.producer.api.Fleet.as;
import static dev.taskfleet.producer.api.Fleet.publish;
import static dev.taskfleet.producer.api.Fleet.result;
import static dev.taskfleet.producer.api.Fleet.submit;
import static dev.taskfleet.testkit.BatchEventBuilder.aBatchEvent;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.ProviderBatch;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.contract.TierRouting;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.producer.broker.KafkaSettings;
import dev.taskfleet.producer.progress.BatchLedger;
import dev.taskfleet.producer.tracking.BatchTracker;
import dev.taskfleet.producer.tracking.BatchTracking;
import dev.taskfleet.producer.tracking.SealedResultReader;
import dev.taskfleet.producer.tracking.TrackerObserver;
import dev.taskfleet.testkit.Events;
import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.KafkaTestResource;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.testkit.TopicCollector;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(TeamsProfile.class)
@QuarkusTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPIC_PREFIX_ARG, value = Fleet.PREFIX))
class BatchTrackingTest {

    private static final String KEY = TeamsProfile.KEY_A;

    @Inject
    KafkaSettings settings;

    @Inject
    ObjectMapper json;

    @Inject
    BatchTracking tracking;

    private static JsonPath status(String batchId) {
        return as(KEY).when().get(BATCHES + "/" + batchId).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath awaitStatus(String batchId, Predicate<JsonPath> condition) {
        await().atMost(Duration.ofSeconds(20)).until(() -> condition.test(status(batchId)));
        return status(batchId);
    }

    @Test
    void statusCountsEveryTaskOncePerTierWithThroughputAndEta() {
        String batch = submit(KEY, "count-", 4);
        JsonPath accepted = status(batch);
        assertThat(accepted.getString("state")).isEqualTo("RUNNING");
        assertThat(accepted.getInt("total")).isEqualTo(4);
        assertThat(accepted.getInt("queued")).isEqualTo(4);
        assertThat(accepted.getString("team")).isEqualTo("team-a");
        assertThat(accepted.getString("etaSeconds")).isNull();
        assertThat(accepted.getInt("routerQueue.notRouted")).as("no router runs here: nothing is on a tier").isEqualTo(4);

        TaskResult first = result(batch, "count-0", "fast", ResultStatus.SUCCEEDED, 1, T0);
        publish(first, result(batch, "count-1", "quality", ResultStatus.FAILED, 1, T0.plusSeconds(2)),
                result(batch, "count-0", "fast", ResultStatus.SUCCEEDED, 1, T0.plusSeconds(3), "a second copy"));

        JsonPath s = awaitStatus(batch, p -> p.getInt("duplicatesDropped") == 1);
        assertThat(s.getInt("finished")).isEqualTo(2);
        assertThat(s.getInt("queued")).isEqualTo(2);
        assertThat(s.getInt("succeeded")).isEqualTo(1);
        assertThat(s.getInt("failed")).isEqualTo(1);
        assertThat(s.getInt("tiers.fast.succeeded")).isEqualTo(1);
        assertThat(s.getInt("tiers.quality.failed")).isEqualTo(1);
        assertThat(s.getLong("inputTokens")).isEqualTo(200);
        assertThat(s.getDouble("costUsd")).isEqualTo(0.5);
        assertThat(s.getString("firstResultAt")).isEqualTo(T0.toString());
        assertThat(s.getString("lastResultAt")).isEqualTo(T0.plusSeconds(2).toString());
        assertThat(s.getDouble("throughputPerSecond")).isEqualTo(1.0);
        assertThat(s.getInt("etaSeconds")).isEqualTo(2);
        assertThat(s.getInt("routerQueue.notRouted")).as("a finished task was routed").isEqualTo(2);

        publish(result(batch, "count-2", "fast", ResultStatus.CANCELLED, 1, T0.plusSeconds(3)),
                result(batch, "count-3", "fast", ResultStatus.SUCCEEDED, 1, T0.plusSeconds(4)));
        JsonPath done = awaitStatus(batch, p -> p.getString("state").equals("COMPLETED"));
        assertThat(done.getInt("queued")).isZero();
        assertThat(done.getInt("cancelled")).isEqualTo(1);
        assertThat(done.getInt("etaSeconds")).isZero();
        assertThat(done.getInt("routerQueue.notRouted")).isZero();
        assertThat(done.getInt("routerQueue.ahead")).isZero();
    }

    @Test
    void statusShowsTasksWaitingAtTheProviderUntilTheirProviderBatchEnds() {
        String batch = submit(KEY, "wait-", 3);
        String topic = Fleet.PREFIX + ".provider-batches";
        Instant expires = T0.plus(Duration.ofHours(24));
        ProviderBatch pending = new ProviderBatch(1, "pb-1", "fast-batch", "simulated-batch", "m",
                ProviderBatch.State.PENDING, 1, 3, Map.of(batch, 2, "other-batch", 1), T0, "w-1", null, null, null,
                null, null, null, false);
        ProviderBatch submitted = pending.submitted("batch_abc", "in_progress", T0, expires, "w-1");
        send(topic, "pb-1", EventCodec.encode(pending));
        // A request record carries a whole task; the status reader skips it without decoding.
        send(topic, "pb-1/req-0", "{\"not\":\"decoded\"}");
        send(topic, "pb-1", EventCodec.encode(submitted));
        send(topic, "pb-1", EventCodec.encode(pending));
        send(topic, "pb-2", EventCodec.encode(new ProviderBatch(1, "pb-2", "fast-batch", "simulated-batch", "m",
                ProviderBatch.State.PENDING, 1, 1, Map.of(batch, 1), T0, "w-1", null, null, null, null, null, null,
                false)));

        JsonPath waiting = awaitStatus(batch, p -> p.getInt("waitingAtProvider.tasks") == 3);
        assertThat(waiting.getInt("waitingAtProvider.providerBatches")).isEqualTo(2);
        assertThat(waiting.getString("waitingAtProvider.expectedBy"))
                .as("the newest revision counts, not the replayed older one").isEqualTo(expires.toString());

        send(topic, "pb-1", null);
        send(topic, "pb-2", null);
        JsonPath ended = awaitStatus(batch, p -> p.getInt("waitingAtProvider.tasks") == 0);
        assertThat(ended.getInt("waitingAtProvider.providerBatches")).isZero();
        assertThat(ended.getString("waitingAtProvider.expectedBy")).isNull();
    }

    private static void send(String topic, String key, String value) {
        KafkaTestClients.send(TestBrokers.shared().bootstrapServers(), topic, key, value);
    }

    @Test
    void eachTierCountsWhatTheRouterPlacedThereAndAnEventTypeThisProducerDoesNotKnowIsSkipped() {
        String batch = submit(KEY, "tiers-", 4);
        double skippedBefore = skippedOnBatches();
        // What the router writes: three placed on fast and one on quality, later one fast task escalated.
        route(aBatchEvent().batch(batch).team("team-a").routed("fast", new TierRouting(3, 0, 0, 0))
                .routed("quality", new TierRouting(1, 0, 0, 0)).build());
        KafkaTestClients.send(TestBrokers.shared().bootstrapServers(), Fleet.PREFIX + ".batches", batch,
                "{\"schemaVersion\":1,\"batchId\":\"" + batch + "\",\"team\":\"team-a\",\"type\":\"REPRIORITISED\"}");
        route(aBatchEvent().batch(batch).team("team-a").routed("fast", new TierRouting(0, 0, 1, 0))
                .routed("quality", new TierRouting(0, 1, 0, 0)).build());

        JsonPath placed = awaitStatus(batch, p -> "2".equals(p.getString("tiers.quality.total")));
        assertThat(placed.getInt("tiers.fast.routed")).isEqualTo(3);
        assertThat(placed.getInt("tiers.fast.escalatedOut")).isEqualTo(1);
        assertThat(placed.getInt("tiers.fast.total")).isEqualTo(2);
        assertThat(placed.getInt("tiers.quality.escalatedIn")).isEqualTo(1);
        assertThat(placed.getInt("tiers.quality.finished")).isZero();
        assertThat(placed.getString("tiers.quality.etaSeconds")).isNull();

        publish(result(batch, "tiers-0", "fast", ResultStatus.SUCCEEDED, 1, T0),
                result(batch, "tiers-1", "fast", ResultStatus.SUCCEEDED, 1, T0.plusSeconds(2)),
                result(batch, "tiers-2", "quality", ResultStatus.SUCCEEDED, 1, T0),
                result(batch, "tiers-2", "quality", ResultStatus.SUCCEEDED, 1, T0.plusSeconds(1), "a second copy"));
        JsonPath running = awaitStatus(batch, p -> p.getInt("finished") == 3);
        assertThat(running.getInt("tiers.fast.etaSeconds")).isZero();
        assertThat(running.getInt("tiers.quality.finished")).as("the copy is not counted").isEqualTo(1);
        assertThat(running.getString("etaSeconds")).as("quality has one result, so no pace yet").isNull();

        publish(result(batch, "tiers-3", "quality", ResultStatus.FAILED, 1, T0.plusSeconds(4)));
        JsonPath done = awaitStatus(batch, p -> p.getString("state").equals("COMPLETED"));
        for (String tier : List.of("fast", "quality")) {
            assertThat(done.getInt("tiers." + tier + ".total")).as(tier).isEqualTo(2);
            assertThat(done.getInt("tiers." + tier + ".finished")).as(tier).isEqualTo(2);
            assertThat(done.getInt("tiers." + tier + ".etaSeconds")).as(tier).isZero();
        }
        assertThat(skippedOnBatches()).as("an unknown type is not an unreadable record").isEqualTo(skippedBefore);
        assertSecondTrackerAgrees(batch);
    }

    /** Publishes a batch event as the router does: keyed by batch id on the batches topic. */
    private static void route(BatchEvent event) {
        KafkaTestClients.send(TestBrokers.shared().bootstrapServers(), Fleet.PREFIX + ".batches", event.batchId(),
                EventCodec.encode(event));
    }

    private static double skippedOnBatches() {
        String series = "taskfleet_tracker_records_skipped_total{topic=\"" + Fleet.PREFIX + ".batches\"}";
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(series + " ")).mapToDouble(line -> Double.parseDouble(
                        line.substring(series.length() + 1).trim())).findFirst().orElse(0);
    }

    @Test
    void resultsAreTheFirstCopyOfEachTaskFilteredByStatus() {
        String batch = submit(KEY, "res-", 3);
        publish(result(batch, "res-0", "fast", ResultStatus.SUCCEEDED, 1, T0),
                result(batch, "res-1", "fast", ResultStatus.FAILED, 1, T0.plusSeconds(1)),
                result(batch, "res-0", "fast", ResultStatus.SUCCEEDED, 1, T0.plusSeconds(1), "a second copy"),
                result(batch, "res-2", "quality", ResultStatus.SUCCEEDED, 1, T0.plusSeconds(2)));
        awaitStatus(batch, p -> p.getString("state").equals("COMPLETED"));
        // Finished, so its slots were dropped: what follows reads the results back from Kafka.
        assertThat(tracking.ledger().sealed(batch)).isTrue();

        List<TaskResult> all = results(batch, "");
        assertThat(all).extracting(TaskResult::taskId).containsExactlyInAnyOrder("res-0", "res-1", "res-2");
        assertThat(all).filteredOn(r -> r.taskId().equals("res-0")).extracting(TaskResult::output)
                .containsExactly("answer to res-0");
        assertThat(results(batch, "?status=failed")).extracting(TaskResult::taskId).containsExactly("res-1");
        assertThat(results(batch, "?status=succeeded")).hasSize(2);
        as(KEY).when().get(BATCHES + "/" + batch + "/results?status=lost").then().statusCode(400)
                .body("field", equalTo("status"));
    }

    private static List<TaskResult> results(String batchId, String query) {
        String body = as(KEY).when().get(BATCHES + "/" + batchId + "/results" + query)
                .then().statusCode(200).contentType("application/x-ndjson").extract().asString();
        return Events.decodeLines(body, TaskResult.class);
    }

    @Test
    void eventsStreamProgressAndEndWithDone() {
        String batch = submit(KEY, "sse-", 1);
        publish(result(batch, "sse-0", "fast", ResultStatus.SUCCEEDED, 1, T0));
        awaitStatus(batch, p -> p.getString("state").equals("COMPLETED"));

        String stream = as(KEY).when().get(BATCHES + "/" + batch + "/events")
                .then().statusCode(200).contentType("text/event-stream").extract().asString();

        assertThat(stream).contains("event:progress").contains("\"state\":\"COMPLETED\"");
        assertThat(stream.strip()).containsPattern("event:\\s?done\\s+data:.*\"batchId\":\"" + batch + "\".*$");
    }

    @Test
    void retryRepublishesExactlyTheFailedTasksAsTheNextRunOnTheNamedTierInTheirClass() {
        String batch = submit(KEY, "retry-", 3, "bulk");
        publish(result(batch, "retry-0", "fast", ResultStatus.SUCCEEDED, 1, T0),
                result(batch, "retry-1", "fast", ResultStatus.FAILED, 1, T0.plusSeconds(1)));
        awaitStatus(batch, p -> p.getInt("finished") == 2);
        as(KEY).when().post(BATCHES + "/" + batch + "/retry").then().statusCode(409)
                .body("type", equalTo("urn:taskfleet:problem:still-running"));
        publish(result(batch, "retry-2", "fast", ResultStatus.FAILED, 1, T0.plusSeconds(2)));
        awaitStatus(batch, p -> p.getString("state").equals("COMPLETED"));
        // The retry below finds the failed tasks, and the tracker reopens the batch, from the results topic.
        assertThat(tracking.ledger().sealed(batch)).isTrue();
        as(KEY).contentType("application/json").body("{\"tier\":\"galactic\"}")
                .when().post(BATCHES + "/" + batch + "/retry").then().statusCode(400).body("field", equalTo("tier"));

        try (TopicCollector tasks = new TopicCollector(TestBrokers.shared().bootstrapServers(), Fleet.PREFIX + ".tasks");
             TopicCollector events = new TopicCollector(TestBrokers.shared().bootstrapServers(), Fleet.PREFIX + ".batches")) {
            as(KEY).contentType("application/json").body("{\"tier\":\"quality\"}")
                    .when().post(BATCHES + "/" + batch + "/retry")
                    .then().statusCode(202)
                    .body("batchId", equalTo(batch)).body("run", equalTo(2)).body("resubmitted", equalTo(2));

            await().atMost(Duration.ofSeconds(20)).until(() -> reruns(tasks, batch).size() >= 2);
            List<Task> reruns = reruns(tasks, batch);
            assertThat(reruns).extracting(Task::id).containsExactlyInAnyOrder("retry-1", "retry-2");
            assertThat(reruns).allSatisfy(t -> {
                assertThat(t.tierHint()).isEqualTo("quality");
                assertThat(t.team()).isEqualTo("team-a");
                assertThat(t.prompt()).isNotBlank();
                assertThat(t.priority()).as("the class it was submitted with").isEqualTo(Priority.BULK);
            });
            // Only this batch's events: another test writes a type this build does not know.
            await().atMost(Duration.ofSeconds(20)).until(() -> events.records().stream()
                    .filter(r -> batch.equals(r.key()))
                    .map(r -> Events.decode(r, BatchEvent.class))
                    .anyMatch(e -> e.batchId().equals(batch) && e.type() == BatchEvent.Type.RETRIED
                            && e.run() == 2 && e.taskCount() == 2 && "quality".equals(e.tier())));
        }
        JsonPath rerun = status(batch);
        assertThat(tracking.ledger().sealed(batch)).isFalse();
        assertThat(rerun.getString("state")).isEqualTo("RUNNING");
        assertThat(rerun.getInt("run")).isEqualTo(2);
        assertThat(rerun.getInt("queued")).isEqualTo(2);
        assertThat(rerun.getInt("failed")).isZero();
        as(KEY).when().post(BATCHES + "/" + batch + "/retry").then().statusCode(409);

        publish(result(batch, "retry-1", "quality", ResultStatus.SUCCEEDED, 2, T0.plusSeconds(5)),
                result(batch, "retry-2", "quality", ResultStatus.FAILED, 2, T0.plusSeconds(6)),
                result(batch, "retry-1", "fast", ResultStatus.FAILED, 1, T0.plusSeconds(7)));
        JsonPath done = awaitStatus(batch, p -> p.getString("state").equals("COMPLETED"));
        assertThat(done.getInt("succeeded")).isEqualTo(2);
        assertThat(done.getInt("failed")).isEqualTo(1);
        assertThat(done.getInt("duplicatesDropped")).isEqualTo(1);
        assertThat(done.getInt("tiers.quality.succeeded")).isEqualTo(1);
        assertThat(tracking.ledger().sealed(batch)).as("finished again").isTrue();
        assertThat(results(batch, "?status=failed")).extracting(TaskResult::taskId, TaskResult::run)
                .containsExactly(tuple("retry-2", 2));

        assertSecondTrackerAgrees(batch);
    }

    @Test
    void aRetryAfterOneThatFailedPartwayTakesTheRunAfterTheTasksItAlreadyPublished() throws Exception {
        String batch = submit(KEY, "partial-", 2);
        publish(result(batch, "partial-0", "fast", ResultStatus.FAILED, 1, T0),
                result(batch, "partial-1", "fast", ResultStatus.FAILED, 1, T0.plusSeconds(1)));
        awaitStatus(batch, p -> p.getString("state").equals("COMPLETED"));
        String bootstrap = TestBrokers.shared().bootstrapServers();
        try (TopicCollector tasks = new TopicCollector(bootstrap, Fleet.PREFIX + ".tasks")) {
            // What a retry that got a 503 after its first send leaves behind: partial-0 went out as
            // run 2 (no result yet), and no RETRIED event was written, so the status still says run 1.
            await().atMost(Duration.ofSeconds(20)).until(() -> taskRecords(tasks, batch).stream()
                    .anyMatch(t -> t.id().equals("partial-0")));
            Task original = taskRecords(tasks, batch).stream().filter(t -> t.id().equals("partial-0")).findFirst().orElseThrow();
            KafkaTestClients.send(bootstrap, Fleet.PREFIX + ".tasks", original.id(), EventCodec.encode(original.withRun(2)));
            assertThat(status(batch).getInt("run")).isEqualTo(1);

            as(KEY).when().post(BATCHES + "/" + batch + "/retry").then().statusCode(202)
                    .body("run", equalTo(3)).body("resubmitted", equalTo(2));
            await().atMost(Duration.ofSeconds(20)).until(() -> taskRecords(tasks, batch).stream()
                    .filter(t -> t.run() == 3).count() == 2);
        }
        // The partial run's late result is not final, and the new run's results are not dropped.
        publish(result(batch, "partial-0", "fast", ResultStatus.SUCCEEDED, 2, T0.plusSeconds(2)),
                result(batch, "partial-0", "fast", ResultStatus.SUCCEEDED, 3, T0.plusSeconds(3)),
                result(batch, "partial-1", "fast", ResultStatus.SUCCEEDED, 3, T0.plusSeconds(4)));
        JsonPath done = awaitStatus(batch, p -> p.getString("state").equals("COMPLETED"));
        assertThat(done.getInt("run")).isEqualTo(3);
        assertThat(done.getInt("succeeded")).isEqualTo(2);
        assertThat(done.getInt("duplicatesDropped")).isZero();
    }

    private static List<Task> taskRecords(TopicCollector tasks, String batchId) {
        return tasks.records().stream().map(r -> Events.decode(r, Task.class))
                .filter(t -> t.batchId().equals(batchId)).toList();
    }

    private static List<Task> reruns(TopicCollector tasks, String batchId) {
        return tasks.records().stream().map(r -> Events.decode(r, Task.class))
                .filter(t -> t.batchId().equals(batchId) && t.run() == 2).toList();
    }

    @Test
    void cancelPublishesTheEventAndTheBatchStaysCancelled() {
        String batch = submit(KEY, "cancel-", 2);
        as(KEY).when().post(BATCHES + "/" + batch + "/cancel")
                .then().statusCode(202).body("batchId", equalTo(batch)).body("state", equalTo("CANCELLED"));
        assertThat(status(batch).getString("state")).isEqualTo("CANCELLED");

        publish(result(batch, "cancel-0", "fast", ResultStatus.CANCELLED, 1, T0));
        JsonPath s = awaitStatus(batch, p -> p.getInt("cancelled") == 1);
        assertThat(s.getString("state")).isEqualTo("CANCELLED");
        assertThat(s.getInt("queued")).as("the stream's done waits for this task's result").isOne();
        // The task that was on a model when the cancel came finishes normally.
        publish(result(batch, "cancel-1", "fast", ResultStatus.SUCCEEDED, 1, T0.plusSeconds(1)));
        awaitStatus(batch, p -> p.getInt("queued") == 0);
        String stream = as(KEY).when().get(BATCHES + "/" + batch + "/events").then().statusCode(200).extract().asString();
        assertThat(stream).contains("event:done");
        as(KEY).when().post(BATCHES + "/" + batch + "/cancel").then().statusCode(202);

        String finished = submit(KEY, "cancel-done-", 1);
        publish(result(finished, "cancel-done-0", "fast", ResultStatus.SUCCEEDED, 1, T0));
        awaitStatus(finished, p -> p.getString("state").equals("COMPLETED"));
        as(KEY).when().post(BATCHES + "/" + finished + "/cancel").then().statusCode(409)
                .body("type", equalTo("urn:taskfleet:problem:already-completed"));
        assertSecondTrackerAgrees(batch);
    }

    @Test
    void listShowsTheTeamsBatchesNewestFirstPageByPage() {
        String older = submit(KEY, "list-a-", 1);
        String newer = submit(KEY, "list-b-", 1);
        JsonPath page = as(KEY).when().get(BATCHES + "?limit=1").then().statusCode(200).extract().jsonPath();
        assertThat(page.getList("batches.batchId")).containsExactly(newer);
        String cursor = page.getString("nextCursor");
        JsonPath next = as(KEY).queryParam("cursor", cursor).queryParam("limit", 1).when().get(BATCHES)
                .then().statusCode(200).extract().jsonPath();
        assertThat(next.getList("batches.batchId")).containsExactly(older);
        as(KEY).queryParam("cursor", "not-a-cursor").when().get(BATCHES).then().statusCode(400)
                .body("field", equalTo("cursor"));
    }

    @Test
    void theTrackersReaderAsksForFullerFetchesWithoutWaitingLongForThem() {
        Map<String, Object> tracker = settings.tracker("tracker-settings");

        // The documented defaults (README): 256 KiB, or 20 ms, whichever comes first.
        assertThat(tracker).containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 262_144)
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20)
                .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "tracker-settings");
        assertThat(settings.reader("another-reader")).doesNotContainKeys(ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG);
    }

    /** A tracker started now from the same topics (a restarted replica) reports the same status. */
    private void assertSecondTrackerAgrees(String batchId) {
        String served = as(KEY).when().get(BATCHES + "/" + batchId).then().statusCode(200).extract().asString();
        try (BatchTracker second = new BatchTracker(settings.tracker("second-tracker"), new TopicNames(Fleet.PREFIX),
                new BatchLedger(Arrays.asList("fast", "quality"),
                        new SealedResultReader(settings.reader("second-tracker-sealed"), new TopicNames(Fleet.PREFIX).results())),
                TrackerObserver.NONE)) {
            second.start();
            assertThat(second.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            JsonNode rebuilt = json.readTree(json.writeValueAsString(second.ledger().status(batchId).orElseThrow()));
            assertThat(rebuilt).isEqualTo(json.readTree(served));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
