package dev.taskfleet.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private static final Task TASK = new Task(1, "t-1", "b-1", "refactor", "Rename foo to bar",
            "fast", Map.of("repo", "core"), Instant.parse("2026-01-02T03:04:05Z"), "payments", 2,
            OutputExpectation.regex("^OK"));

    @Test
    void routedTaskSurvivesARoundTrip() throws Exception {
        RoutedTask routed = new RoutedTask(1, TASK, "quality", 2, new RoutingDecision("escalation", 0, "fast failed"),
                List.of(new AttemptRecord("fast", "sim-fast", "OUTPUT_REJECTED", "no match", 900, 10, 20, 0.001)));

        RoutedTask decoded = EventCodec.decodeRoutedTask(EventCodec.encode(routed));

        assertThat(decoded).isEqualTo(routed);
    }

    @Test
    void aDeadlineTravelsAsAnIsoDurationAndIsAbsentWithoutOne() throws Exception {
        Task waiting = new Task(1, "t-2", "b-1", null, "p", null, Map.of(), Instant.parse("2026-01-02T03:04:05Z"),
                "payments", 1, null, java.time.Duration.ofHours(24));

        String json = EventCodec.encode(waiting);

        assertThat(json).contains("\"deadline\":\"PT24H\"");
        assertThat(EventCodec.decodeTask(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(waiting);
        assertThat(EventCodec.encode(TASK)).doesNotContain("deadline");
    }

    @Test
    void aPriorityTravelsByNameIsAbsentWhenStandardAndAnUnknownOneReadsAsStandard() throws Exception {
        Task urgent = new Task(1, "t-3", "b-1", null, "p", null, Map.of(), Instant.parse("2026-01-02T03:04:05Z"),
                "payments", 1, null, null, Priority.INTERACTIVE);

        String json = EventCodec.encode(urgent);

        assertThat(json).contains("\"priority\":\"interactive\"");
        assertThat(EventCodec.decodeTask(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(urgent);
        assertThat(EventCodec.encode(TASK)).doesNotContain("priority");
        assertThat(EventCodec.decodeTask(EventCodec.encode(TASK).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .priority()).isEqualTo(Priority.STANDARD);
        String fromANewerProducer = json.replace("\"interactive\"", "\"whenever\"");
        assertThat(EventCodec.decodeTask(fromANewerProducer.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .priority()).isEqualTo(Priority.STANDARD);
    }

    @Test
    void resultSurvivesARoundTripAndOmitsAbsentFields() throws Exception {
        TaskResult result = new TaskResult(1, "t-1", "b-1", "refactor", "fast", "sim-fast", ResultStatus.SUCCEEDED,
                "done", null, 1, 10, 20, 0.0001, 250, "worker-1", Instant.parse("2026-01-02T03:04:06Z"),
                new RoutingDecision("keyword", 0.2, "refactor is junior work"), "payments", 2,
                Instant.parse("2026-01-02T03:04:05Z"),
                List.of(new AttemptRecord("fast", "sim-fast", AttemptRecord.SUCCEEDED, null, 250, 10, 20, 0.0001)),
                Priority.BULK);

        String json = EventCodec.encode(result);

        assertThat(json).doesNotContain("\"error\"");
        assertThat(EventCodec.decodeResult(json)).isEqualTo(result);
        assertThat(EventCodec.encodeToBytes(result)).as("the bytes a record carries are the text's UTF-8")
                .isEqualTo(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aResultCarriesItsTasksClassAndLeavesStandardOffTheWire() throws Exception {
        TaskResult bulk = new TaskResult(1, "t-1", "b-1", "refactor", "fast", "m", ResultStatus.SUCCEEDED, "a", null,
                1, 1, 1, 0, 1, "w-1", Instant.EPOCH, null, "payments", 1, null, null, Priority.BULK);
        TaskResult standard = new TaskResult(1, "t-2", "b-1", "refactor", "fast", "m", ResultStatus.SUCCEEDED, "a",
                null, 1, 1, 1, 0, 1, "w-1", Instant.EPOCH, null, "payments", 1, null, null, null);

        assertThat(EventCodec.encode(bulk)).contains("\"priority\":\"bulk\"");
        assertThat(EventCodec.encode(standard)).as("standard is the default, as on a task")
                .doesNotContain("priority");
        assertThat(EventCodec.decodeResult(EventCodec.encode(standard)).priority())
                .as("a result written before results carried the class reads as standard")
                .isEqualTo(Priority.STANDARD);
        assertThat(ResultSummaryCodec.decode(EventCodec.encodeToBytes(bulk)).priority()).isEqualTo(Priority.BULK);
    }

    @Test
    void providerBatchRecordsSurviveARoundTripAndSayWhichKeyIsWhich() throws Exception {
        ProviderBatch batch = new ProviderBatch(1, "pb-1", "bulk", "openai-batch", "gpt-4o-mini",
                ProviderBatch.State.PENDING, 1, 2, Map.of("b-1", 2), Instant.parse("2026-01-02T03:04:05Z"), "worker-1",
                null, null, null, null, null, null, false)
                .submitting(Instant.parse("2026-01-02T03:04:06Z"), 2, Map.of("b-1", 2), "worker-2")
                .submitted("batch_abc", "validating", Instant.parse("2026-01-02T03:04:07Z"),
                        Instant.parse("2026-01-03T03:04:07Z"), "worker-2");
        RoutedTask routed = new RoutedTask(1, TASK, "bulk", 1, new RoutingDecision("keyword", 0, "bulk work"), List.of());
        ProviderBatchRequest request = new ProviderBatchRequest(1, "pb-1", "t-1_0", routed,
                List.of(new AttemptRecord("bulk", "gpt-4o-mini", ResultErrorCodes.EXPIRED, "window ended", 86_400_000,
                        0, 0, 0, "batch_old")));

        String json = EventCodec.encode(batch);

        assertThat(EventCodec.decodeProviderBatch(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(batch);
        assertThat(batch.revision()).isEqualTo(3);
        assertThat(json).contains("\"providerBatchId\":\"batch_abc\"").doesNotContain("notBefore");
        assertThat(EventCodec.decodeProviderBatchRequest(EventCodec.encode(request)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(request);
        assertThat(request.calls().get(0).viaBatch()).isTrue();
        assertThat(ProviderBatchRequest.isRequestKey(request.key())).isTrue();
        assertThat(ProviderBatchRequest.isRequestKey(batch.key())).isFalse();
        assertThat(ProviderBatchRequest.providerBatchOf(request.key())).isEqualTo("pb-1");
        assertThatThrownBy(() -> batch.next(ProviderBatch.State.SUBMITTED, "w").pendingUntil(null, "w")
                .next(ProviderBatch.State.SUBMITTED, "w")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("provider's id");
    }

    @Test
    void unknownFieldsAreIgnoredSoServicesCanBeUpgradedOneAtATime() throws Exception {
        String json = "{\"schemaVersion\":1,\"id\":\"t-9\",\"batchId\":\"b\",\"type\":\"x\",\"prompt\":\"p\","
                + "\"addedInAFutureMinorVersion\":{\"nested\":true}}";

        Task task = EventCodec.decodeTask(json);

        assertThat(task.id()).isEqualTo("t-9");
        assertThat(task.labels()).isEmpty();
        assertThat(task.team()).as("fields added later default when an older writer left them out").isEqualTo(Task.DEFAULT_TEAM);
        assertThat(task.run()).isEqualTo(1);
        assertThat(task.expect()).isNull();
    }

    @Test
    void garbageIsRefusedAsUnparseable() {
        assertThatThrownBy(() -> EventCodec.decodeTask("not json {"))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageStartingWith("not valid JSON")
                .extracting(e -> ((EventDecodingException) e).reasonCode()).isEqualTo(DeadLetterReasons.UNPARSEABLE);
        assertThatThrownBy(() -> EventCodec.decodeTask("[1,2]"))
                .hasMessageContaining("expected a JSON object");
    }

    @Test
    void decodingErrorsSayWhereThePayloadIsWrongWithoutQuotingIt() {
        String secret = "SecretPromptToken42";

        assertThatThrownBy(() -> EventCodec.decodeTask("{\"schemaVersion\":1,\n\"prompt\": " + secret + "}"))
                .hasMessage("not valid JSON (line 2, column 11)")
                .hasNoCause();
        assertThatThrownBy(() -> EventCodec.decodeResult("{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\""
                        + secret + "\"}"))
                .isInstanceOf(EventDecodingException.class)
                .hasMessage("TaskResult event has a field of the wrong type: 'status' (expected ResultStatus)")
                .hasNoCause()
                .extracting(e -> ((EventDecodingException) e).reasonCode()).isEqualTo(DeadLetterReasons.INVALID_EVENT);
        assertThatThrownBy(() -> EventCodec.decodeRoutedTask("{\"schemaVersion\":1,\"task\":{\"labels\":[\""
                        + secret + "\"]}}"))
                .message().contains("'task.labels'").doesNotContain(secret);
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedRatherThanAltered() {
        byte[] broken = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};

        assertThatThrownBy(() -> EventCodec.decodeTask(broken))
                .isInstanceOf(EventDecodingException.class)
                .hasMessage("payload is not UTF-8 text")
                .extracting(e -> ((EventDecodingException) e).reasonCode()).isEqualTo(DeadLetterReasons.UNPARSEABLE);
    }

    @Test
    void aTombstoneIsRefusedAsEmpty() {
        assertThatThrownBy(() -> EventCodec.decodeRoutedTask((byte[]) null))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("empty payload");
    }

    @Test
    void newerSchemaVersionIsRefusedWithBothVersionsNamed() {
        assertThatThrownBy(() -> EventCodec.decodeTask("{\"schemaVersion\":7,\"id\":\"a\"}"))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("schemaVersion 7")
                .hasMessageContaining("supports up to 1");
    }

    @Test
    void missingRequiredFieldIsNamed() {
        assertThatThrownBy(() -> EventCodec.decodeTask("{\"schemaVersion\":1,\"batchId\":\"b\"}"))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("missing field 'id'");
    }

    @Test
    void escalationRequestAndBatchEventSurviveARoundTrip() throws Exception {
        RoutedTask routed = RoutedTask.firstPlacement(TASK, "fast", new RoutingDecision("heuristic", 0.3, "small"));
        EscalationRequest request = new EscalationRequest(1, routed,
                List.of(new AttemptRecord("fast", "sim-fast", "TIMEOUT", "no answer in 30 s", 30_000, 0, 0, 0)),
                new ResultError("TIMEOUT", "3 attempts timed out"), "worker-7", Instant.parse("2026-01-02T03:05:00Z"));
        BatchEvent event = new BatchEvent(1, "b-1", "payments", BatchEvent.Type.RETRIED,
                Instant.parse("2026-01-02T03:06:00Z"), 12, 2, "quality");

        assertThat(EventCodec.decodeEscalation(EventCodec.encode(request))).isEqualTo(request);
        assertThat(EventCodec.decodeBatchEvent(EventCodec.encode(event))).contains(event);
        assertThat(EventCodec.encode(OutputExpectation.jsonSchema(EventCodec.mapper().createObjectNode())))
                .contains("\"kind\":\"json-schema\"");
    }

    @Test
    void aRoutedEventCarriesTheRoutersCountsPerTierAndCountsItsFirstPlacements() throws Exception {
        Map<String, TierRouting> tiers = new LinkedHashMap<>();
        tiers.put("fast", new TierRouting(40, 0, 3, 1));
        tiers.put("quality", new TierRouting(10, 3, 0, 0));
        BatchEvent routed = BatchEvent.routed("b-1", "payments", 2, Instant.parse("2026-01-02T03:07:00Z"), tiers);

        String json = EventCodec.encode(routed);

        assertThat(json).contains("\"type\":\"ROUTED\"").contains("\"taskCount\":50")
                .contains("\"fast\":{\"routed\":40,\"escalatedIn\":0,\"escalatedOut\":3,\"escalationsRefused\":1}")
                .doesNotContain("\"tier\"");
        assertThat(EventCodec.decodeBatchEvent(json)).contains(routed);
        assertThat(EventCodec.encode(new BatchEvent(1, "b-1", "payments", BatchEvent.Type.CANCELLED, Instant.EPOCH, 0,
                1, null))).as("lifecycle events carry no tiers").doesNotContain("tiers");
    }

    @Test
    void anAcceptedEventCarriesItsTasksPerPriorityClassByWireNameAndOmitsThemWhenAllAreStandard() throws Exception {
        BatchEvent mixed = BatchEvent.accepted("b-1", "payments", Instant.parse("2026-01-02T03:06:00Z"), 1000,
                Map.of(Priority.BULK, 990L, Priority.INTERACTIVE, 10L));
        BatchEvent plain = BatchEvent.accepted("b-2", "payments", Instant.parse("2026-01-02T03:06:00Z"), 5,
                Map.of(Priority.STANDARD, 5L));

        String json = EventCodec.encode(mixed);

        assertThat(json).contains("\"priorities\":{\"interactive\":10,\"bulk\":990}");
        assertThat(EventCodec.decodeBatchEvent(json)).contains(mixed);
        assertThat(EventCodec.decodeBatchEvent(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .contains(mixed);
        assertThat(EventCodec.encode(plain)).as("a plain batch's event reads as before the field existed")
                .doesNotContain("priorities");
        assertThat(plain).isEqualTo(new BatchEvent(1, "b-2", "payments", BatchEvent.Type.ACCEPTED,
                Instant.parse("2026-01-02T03:06:00Z"), 5, 1, null));
        assertThat(EventCodec.decodeBatchEvent("{\"schemaVersion\":1,\"batchId\":\"b-1\",\"type\":\"ACCEPTED\","
                + "\"occurredAt\":\"2026-01-02T03:06:00Z\",\"taskCount\":3,\"run\":1}"))
                .hasValueSatisfying(old -> assertThat(old.priorities()).isNull());
        assertThatThrownBy(() -> EventCodec.decodeBatchEvent("{\"schemaVersion\":1,\"batchId\":\"b-1\","
                + "\"type\":\"ACCEPTED\",\"taskCount\":3,\"priorities\":{\"bulk\":-3}}"))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("cannot be negative");
    }

    @Test
    void aBatchEventOfATypeThisBuildDoesNotKnowIsSkippedNotRefused() throws Exception {
        String fromANewerService = "{\"schemaVersion\":1,\"batchId\":\"b-1\",\"team\":\"payments\","
                + "\"type\":\"REPRIORITISED\",\"occurredAt\":\"2026-01-02T03:07:00Z\",\"priority\":7}";

        assertThat(EventCodec.decodeBatchEvent(fromANewerService)).isEmpty();
        assertThatThrownBy(() -> EventCodec.decodeBatchEvent("{\"schemaVersion\":1,\"batchId\":\"b-1\",\"type\":7}"))
                .isInstanceOf(EventDecodingException.class)
                .satisfies(e -> assertThat(((EventDecodingException) e).reasonCode())
                        .isEqualTo(DeadLetterReasons.INVALID_EVENT));
        assertThatThrownBy(() -> EventCodec.decodeBatchEvent("{\"schemaVersion\":1,\"batchId\":\"b-1\"}"))
                .hasMessageContaining("missing field 'type'");
        assertThatThrownBy(() -> EventCodec.decodeBatchEvent("{\"schemaVersion\":1,\"batchId\":\"b-1\","
                + "\"type\":\"ROUTED\",\"tiers\":{\"fast\":{\"routed\":-1}}}"))
                .hasMessageContaining("cannot be negative");
    }

    @Test
    void theFirstResultOfARunIsFinalAndLaterCopiesAreDuplicates() {
        TaskResult first = new TaskResult(1, "t-1", "b-1", "refactor", "fast", "m", ResultStatus.SUCCEEDED, "a", null,
                1, 1, 1, 0, 1, "w-1", Instant.EPOCH, null, null, 1, null, null, null);
        TaskResult redelivered = new TaskResult(1, "t-1", "b-1", "refactor", "fast", "m", ResultStatus.SUCCEEDED, "b",
                null, 1, 1, 1, 0, 1, "w-2", Instant.EPOCH, null, null, 1, null, null, null);
        TaskResult rerun = new TaskResult(1, "t-1", "b-1", "refactor", "quality", "m", ResultStatus.SUCCEEDED, "c",
                null, 1, 1, 1, 0, 1, "w-3", Instant.EPOCH, null, null, 2, null, null, null);
        FinalResults finals = new FinalResults();

        assertThat(finals.isFirst(first)).isTrue();
        assertThat(finals.isFirst(redelivered)).isFalse();
        assertThat(finals.isFirst(rerun)).as("a re-run of the task is a new final result").isTrue();
        assertThat(finals.size()).isEqualTo(2);
    }
}
