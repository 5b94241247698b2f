package dev.taskfleet.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private static final Task TASK = new Task(1, "t-1", "b-1", "refactor", "Rename foo to bar",
            "fast", Map.of("repo", "core"), Instant.parse("2026-01-02T03:04:05Z"));

    @Test
    void routedTaskSurvivesARoundTrip() throws Exception {
        RoutedTask routed = new RoutedTask(1, TASK, "fast", 1, new RoutingDecision("tier-hint", 0, "caller asked for fast"));

        RoutedTask decoded = EventCodec.decodeRoutedTask(EventCodec.encode(routed));

        assertThat(decoded).isEqualTo(routed);
    }

    @Test
    void resultSurvivesARoundTripAndOmitsAbsentFields() throws Exception {
        TaskResult result = new TaskResult(1, "t-1", "b-1", "refactor", "fast", "sim-fast", ResultStatus.SUCCEEDED,
                "done", null, 1, 10, 20, 0.0001, 250, "worker-1", Instant.parse("2026-01-02T03:04:06Z"),
                new RoutingDecision("keyword", 0.2, "refactor is junior work"));

        String json = EventCodec.encode(result);

        assertThat(json).doesNotContain("\"error\"");
        assertThat(EventCodec.decodeResult(json)).isEqualTo(result);
    }

    @Test
    void unknownFieldsAreIgnoredSoServicesCanBeUpgradedOneAtATime() throws Exception {
        String json = "{\"schemaVersion\":1,\"id\":\"t-9\",\"batchId\":\"b\",\"type\":\"x\",\"prompt\":\"p\","
                + "\"addedInAFutureMinorVersion\":{\"nested\":true}}";

        Task task = EventCodec.decodeTask(json);

        assertThat(task.id()).isEqualTo("t-9");
        assertThat(task.labels()).isEmpty();
    }

    @Test
    void garbageIsRefusedAsUnparseable() {
        assertThatThrownBy(() -> EventCodec.decodeTask("not json {"))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageStartingWith("not valid JSON")
                .extracting(e -> ((EventDecodingException) e).reasonCode()).isEqualTo(EventCodec.UNPARSEABLE);
        assertThatThrownBy(() -> EventCodec.decodeTask("[1,2]"))
                .hasMessageContaining("expected a JSON object");
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedRatherThanAltered() {
        byte[] broken = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};

        assertThatThrownBy(() -> EventCodec.decodeTask(broken))
                .isInstanceOf(EventDecodingException.class)
                .hasMessage("payload is not UTF-8 text")
                .extracting(e -> ((EventDecodingException) e).reasonCode()).isEqualTo(EventCodec.UNPARSEABLE);
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
}
