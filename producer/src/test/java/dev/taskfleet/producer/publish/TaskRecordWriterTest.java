package dev.taskfleet.producer.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.OutputExpectation;
import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.Task;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The batch's record writer gives the contract's encoding of a task, byte for byte, one task after another. */
class TaskRecordWriterTest {

    /** Characters a prompt may hold that JSON escapes or writes as more than one byte. */
    private static final String[] PIECES = {"a", "Z", "0", " ", "\n", "\r", "\t", "\"", "\\", "/", "\u0000", "\u0001",
            "\u001f", "\u007f", "é", "ß", "✓", "\u2028", "\u2029", "😀", "</script>", "{\"x\":1}", "\uFEFF", "中文"};

    private final TaskRecordWriter writer = new TaskRecordWriter();

    @Test
    void writesWhatTheContractEncodesForEveryShapeOfTask() throws Exception {
        Random random = new Random(42);
        JsonNode schema = EventCodec.mapper().readTree("{\"type\":\"object\",\"required\":[\"a\"],\"x\":[1,2.5,\"\\u0001é\"]}");
        for (int i = 0; i < 2_000; i++) {
            Task task = randomTask(random, schema, i);

            byte[] written = writer.write(task);

            assertThat(new String(written, StandardCharsets.UTF_8))
                    .as("task %d", i)
                    .isEqualTo(new String(EventCodec.encodeToBytes(task), StandardCharsets.UTF_8));
            assertThat(written).as("task %d", i).isEqualTo(EventCodec.encodeToBytes(task));
        }
    }

    /**
     * The writer names Task's fields one by one: a field added to the contract must be added there
     * too, or the producer would publish tasks without it. This fails first, naming the field.
     */
    @Test
    void knowsEveryFieldOfTheContractsTask() {
        assertThat(Arrays.stream(Task.class.getRecordComponents()).map(RecordComponent::getName))
                .containsExactly("schemaVersion", "id", "batchId", "type", "prompt", "tierHint", "labels", "createdAt",
                        "team", "run", "expect", "deadline", "priority");
    }

    @Test
    void aShortTaskAfterALongOneCarriesNothingOfIt() throws Exception {
        Task longTask = task("long", "x".repeat(20_000), Map.of("repo", "api"), null, Duration.ofHours(2));
        Task shortTask = task("short", "y", Map.of(), null, null);

        writer.write(longTask);
        byte[] written = writer.write(shortTask);

        assertThat(written).isEqualTo(EventCodec.encodeToBytes(shortTask));
        assertThat(EventCodec.decodeTask(written)).isEqualTo(shortTask);
    }

    @Test
    void writesAPriorityOtherThanStandardByNameAsTheContractDoesAndLeavesStandardOff() throws Exception {
        Task plain = task("plain", "p", Map.of(), null, Duration.ofHours(2));
        for (Priority priority : Priority.values()) {
            Task task = new Task(plain.schemaVersion(), plain.id(), plain.batchId(), plain.type(), plain.prompt(),
                    plain.tierHint(), plain.labels(), plain.createdAt(), plain.team(), plain.run(), plain.expect(),
                    plain.deadline(), priority);

            byte[] written = writer.write(task);

            assertThat(written).as("%s", priority).isEqualTo(EventCodec.encodeToBytes(task));
            assertThat(EventCodec.decodeTask(written).priority()).isEqualTo(priority);
            String json = new String(written, StandardCharsets.UTF_8);
            if (priority == Priority.STANDARD) {
                assertThat(json).doesNotContain("priority");
            } else {
                assertThat(json).endsWith("\"deadline\":\"PT2H\",\"priority\":\"" + priority.wireName() + "\"}");
            }
        }
    }

    @Test
    void writesEveryInstantAsItsIsoText() {
        Random random = new Random(42);
        Instant[] special = {Instant.EPOCH, Instant.ofEpochSecond(-1, 5), Instant.ofEpochSecond(-86_401, 999_999_999),
                Instant.parse("+10000-01-01T00:00:00.000001Z"), Instant.MIN, Instant.MAX,
                Instant.parse("2026-12-31T23:59:59.999Z")};
        for (Instant instant : special) {
            assertThat(writer.iso(instant)).isEqualTo(instant.toString());
        }
        // As a batch is stamped: increasing instants, several in each second, each fraction form.
        Instant instant = Instant.parse("2026-12-03T23:00:00Z");
        for (int i = 0; i < 20_000; i++) {
            instant = instant.plusNanos(switch (random.nextInt(4)) {
                case 0 -> 1_000_000L * random.nextInt(50);
                case 1 -> 1_000L * random.nextInt(50_000);
                case 2 -> random.nextInt(50_000_000);
                default -> 1_000_000_000L - instant.getNano();
            });
            assertThat(writer.iso(instant)).isEqualTo(instant.toString());
        }
    }

    private static Task randomTask(Random random, JsonNode schema, int i) {
        Map<String, String> labels = new LinkedHashMap<>();
        int labelCount = random.nextInt(4);
        for (int l = 0; l < labelCount; l++) {
            labels.put(text(random, 1 + random.nextInt(8)), text(random, random.nextInt(12)));
        }
        OutputExpectation expect = switch (random.nextInt(5)) {
            case 0 -> OutputExpectation.json();
            case 1 -> OutputExpectation.jsonSchema(schema);
            case 2 -> OutputExpectation.regex(text(random, 1 + random.nextInt(10)));
            default -> null;
        };
        Duration deadline = switch (random.nextInt(4)) {
            case 0 -> Duration.ofMinutes(1 + random.nextInt(10_000));
            case 1 -> Duration.ofSeconds(random.nextInt(1_000_000), random.nextInt(1_000_000_000));
            default -> null;
        };
        Priority priority = Priority.values()[random.nextInt(Priority.values().length)];
        // Instants with no fraction and with milli-, micro- and nanosecond fractions.
        long nanos = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000) * 1_000_000L;
            case 2 -> random.nextInt(1_000_000) * 1_000L;
            default -> random.nextInt(1_000_000_000);
        };
        Instant createdAt = Instant.ofEpochSecond(1_700_000_000L + random.nextInt(200_000_000), nanos);
        return new Task(EventCodec.SCHEMA_VERSION, "t-" + i, random.nextBoolean() ? "batch-" + i : null,
                random.nextBoolean() ? "refactor" : null, text(random, random.nextInt(3_000)),
                random.nextBoolean() ? "fast" : null, labels, random.nextInt(10) == 0 ? null : createdAt,
                random.nextBoolean() ? "team-" + random.nextInt(5) : null, 1 + random.nextInt(3), expect, deadline,
                priority);
    }

    private static Task task(String id, String prompt, Map<String, String> labels, OutputExpectation expect,
                             Duration deadline) {
        return new Task(EventCodec.SCHEMA_VERSION, id, "b-1", "refactor", prompt, "fast", labels,
                Instant.parse("2026-12-03T23:00:00.120Z"), "team-a", 1, expect, deadline);
    }

    private static String text(Random random, int pieces) {
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < pieces; p++) {
            text.append(random.nextInt(4) == 0 ? PIECES[random.nextInt(PIECES.length)] : "word ");
        }
        return text.toString();
    }
}
