package dev.taskfleet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The writer copies a task's bytes instead of encoding the task, so what matters is that a reader
 * cannot tell: every case decodes to the routed task {@code EventCodec.encode} would have given it.
 */
class RoutedTaskWriterTest {

    private static final long SEED = 13L;
    private static final int GENERATED = 500;

    /** Characters a prompt is made of: the ones JSON must escape, braces that are not structure, and non-ASCII. */
    private static final String[] PIECES = {"a", "Z", "7", " ", "\"", "\\", "/", "{", "}", "[", "]", ",", ":", "\n",
        "\r", "\t", "\u0000", "\u001f", "\u007f", "é", "ß", "中文", "\u2028", "\uD83D\uDE00", "\\\"", "\"}", "'",
        "<script>", "\uFEFF"};

    @Test
    void generatedTasksEncodedByTheCodecAreWrittenByteForByteAsTheCodecWritesTheRoutedTask() throws Exception {
        Random random = new Random(SEED);
        for (int i = 0; i < GENERATED; i++) {
            // The decoded task, encoded: labels and features are immutable maps whose order the
            // codec does not fix, so only the very instance the routed task holds writes the same bytes.
            Task task = EventCodec.decodeTask(utf8(EventCodec.encode(randomTask(random, i))));
            byte[] value = utf8(EventCodec.encode(task));
            RoutedTask routed = routedTask(task, random);

            byte[] written = RoutedTaskWriter.write(routed, value);

            assertThat(new String(written, StandardCharsets.UTF_8)).as("case %d", i)
                    .isEqualTo(EventCodec.encode(routed));
            assertThat(EventCodec.decodeRoutedTask(written)).as("case %d", i).isEqualTo(routed);
        }
    }

    @Test
    void generatedTasksWrittenAnotherWayDecodeToTheRoutedTaskTheCodecWouldWrite() throws Exception {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < GENERATED; i++) {
            byte[] value = utf8(otherwiseWritten(EventCodec.mapper().readTree(EventCodec.encode(randomTask(random, i))),
                    random));
            assertDecodesAsTheCodecWrites("generated case " + i, value, random);
        }
    }

    @Test
    void spacingUnknownFieldsAndEscapesAreCarriedAndReadAsTheCodecWouldWriteThem() throws Exception {
        String allOptionalFields = """
                
                \t{ "unknownFirst" : { "nested" : [ "}", { "x" : "{\\"" } ], "n" : -1.5e3 },
                  "prompt" : "Fix \\"this\\" in C:\\\\dir\\\\ \\u00e9\\u4e2d \\ud83d\\ude00 \\/ \\b\\f\\n\\r\\t { ] é 中 😀",
                  "schemaVersion" : 1, "id" : "t-é", "batchId" : "b-1", "type" : "security-review",
                  "tierHint" : "quality", "labels" : { "repo" : "core", "k\\"ey" : "v}" },
                  "createdAt" : "2026-12-03T10:00:00.123456789Z", "team" : "payments", "run" : 3,
                  "expect" : { "kind" : "json-schema", "schema" : { "type" : "object", "required" : [ "a" ],
                               "properties" : { "a" : { "const" : 1.0E2 } } } },
                  "deadline" : "P1D", "unknownLast" : null, "also" : [ [ ], { } ]
                }\r
                 \t""";
        assertDecodesAsTheCodecWrites("all optional fields, spaced", utf8(allOptionalFields), new Random(SEED));
        assertDecodesAsTheCodecWrites("regex expectation, defaults left out",
                utf8("{\"schemaVersion\":1,\"id\":\"t-1\",\"prompt\":\"^\\\\d+$ {\",\"expect\":{\"kind\":\"regex\","
                        + "\"pattern\":\"^\\\\d+\\\\}$\"},\"run\":0,\"team\":\"  \"}"),
                new Random(SEED));
        assertDecodesAsTheCodecWrites("a prompt that ends in a backslash",
                utf8("{\"id\":\"t-2\",\"schemaVersion\":1,\"prompt\":\"ends in \\\\\"}"), new Random(SEED));
    }

    @Test
    void aValueTheDecoderReadsPastIsEncodedAnewNotEmbedded() throws Exception {
        // The decoder reads the first value and ignores what follows it; copied as they are, these
        // bytes would make the routed task unreadable.
        String task = "{\"schemaVersion\":1,\"id\":\"t-3\",\"prompt\":\"p\"}";
        for (String value : List.of(task + " {\"id\":\"other\"}", task + "}", task + " trailing", task + "]")) {
            Task decoded = EventCodec.decodeTask(utf8(value));
            RoutedTask routed = RoutedTask.firstPlacement(decoded, "fast", new RoutingDecision("r", 0.5, "why"));

            byte[] written = RoutedTaskWriter.write(routed, utf8(value));

            assertThat(new String(written, StandardCharsets.UTF_8)).as(value).isEqualTo(EventCodec.encode(routed));
        }
    }

    @Test
    void aValueThatDoesNotStartWithTheObjectIsEncodedAnew() throws Exception {
        Task task = new Task(1, "t-4", null, null, "p", null, null, null, null, 1, null);
        RoutedTask routed = RoutedTask.firstPlacement(task, "fast", new RoutingDecision("r", 0.5, "why"));
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] withBom = concat(bom, utf8(EventCodec.encode(task)));

        assertThat(RoutedTaskWriter.write(routed, withBom)).isEqualTo(utf8(EventCodec.encode(routed)));
        assertThat(RoutedTaskWriter.write(routed, new byte[0])).isEqualTo(utf8(EventCodec.encode(routed)));
        assertThat(RoutedTaskWriter.write(routed, null)).isEqualTo(utf8(EventCodec.encode(routed)));
    }

    @Test
    void fieldsFollowTheRoutedTaskRecordAndEmptyFeaturesAreLeftOut() throws Exception {
        byte[] value = utf8("{ \"schemaVersion\":1, \"id\":\"t-5\", \"prompt\":\"p\", \"extra\":{\"tier\":\"x\"} }");
        RoutedTask routed = RoutedTask.firstPlacement(EventCodec.decodeTask(value), "fast",
                new RoutingDecision("tier-hint", 0, "the submitter asked for fast"));

        JsonNode written = EventCodec.mapper().readTree(RoutedTaskWriter.write(routed, value));

        List<String> fields = new ArrayList<>();
        written.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyElementsOf(componentNames(RoutedTask.class));
        // The writer writes the decision field by field: a component added to RoutingDecision must be added there.
        assertThat(componentNames(RoutingDecision.class)).containsExactly("rule", "score", "reason", "features");
        assertThat(written.get("routing").has("features")).isFalse();
        assertThat(written.get("history").isArray()).isTrue();
        assertThat(written.get("task").get("extra").get("tier").asText()).as("carried unread").isEqualTo("x");
    }

    private static List<String> componentNames(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).toList();
    }

    /** The writer's output and the codec's decode to the same routed task, which is the one that was written. */
    private static void assertDecodesAsTheCodecWrites(String what, byte[] value, Random random) throws Exception {
        RoutedTask routed = routedFrom(value, random);

        byte[] written = RoutedTaskWriter.write(routed, value);
        RoutedTask decoded = EventCodec.decodeRoutedTask(written);

        assertThat(new String(written, StandardCharsets.UTF_8)).as("%s: the task's bytes are copied", what)
                .contains(new String(value, StandardCharsets.UTF_8).strip());

        assertThat(decoded).as(what).isEqualTo(EventCodec.decodeRoutedTask(EventCodec.encode(routed)));
        assertThat(decoded).as(what).isEqualTo(routed);
    }

    /** The routed task a router would make of {@code value}, with a decision and (sometimes) history. */
    private static RoutedTask routedFrom(byte[] value, Random random) throws EventDecodingException {
        return routedTask(EventCodec.decodeTask(value), random);
    }

    private static RoutedTask routedTask(Task task, Random random) {
        Map<String, Double> features = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            features.put(text(random, 8) + i, random.nextInt(3) == 0 ? random.nextInt(100) : random.nextDouble() * 1e6);
        }
        RoutingDecision decision = new RoutingDecision(text(random, 10), random.nextDouble(), text(random, 60),
                features);
        if (random.nextInt(4) > 0) {
            return RoutedTask.firstPlacement(task, text(random, 8), decision);
        }
        List<AttemptRecord> history = List.of(
                new AttemptRecord("fast", "sim-fast", "OUTPUT_REJECTED", text(random, 20), 900, 10, 20, 0.001),
                new AttemptRecord("batch", null, AttemptRecord.SUCCEEDED, null, 5, 1, 2, 0.5, "batch_" + random.nextInt()));
        return new RoutedTask(EventCodec.SCHEMA_VERSION, task, "quality", 2 + random.nextInt(3), decision, history);
    }

    private static Task randomTask(Random random, int n) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            labels.put(text(random, 6) + i, text(random, 12));
        }
        OutputExpectation expect = switch (random.nextInt(4)) {
            case 0 -> null;
            case 1 -> OutputExpectation.json();
            case 2 -> OutputExpectation.regex(text(random, 10));
            default -> OutputExpectation.jsonSchema(EventCodec.mapper().createObjectNode().put("type", "object")
                    .put("title", text(random, 10)).set("required",
                            EventCodec.mapper().createArrayNode().add("a").add(random.nextDouble())));
        };
        return new Task(1, "t-" + n, maybe(random, "b-" + n), maybe(random, text(random, 8)),
                text(random, random.nextInt(3) == 0 ? 2000 : 80), maybe(random, "fast"), labels,
                random.nextBoolean() ? null : Instant.ofEpochSecond(1_700_000_000L + random.nextInt(1_000_000),
                        random.nextInt(1_000_000_000)),
                maybe(random, text(random, 6)), random.nextInt(4), expect,
                random.nextBoolean() ? null : Duration.ofSeconds(random.nextInt(200_000), random.nextInt(3) * 1000));
    }

    /**
     * The same task as another writer might send it: fields shuffled, spaces around tokens, and
     * fields this build does not know, some with braces and quotes in their strings.
     */
    private static String otherwiseWritten(JsonNode task, Random random) {
        List<String> members = new ArrayList<>();
        task.fields().forEachRemaining(field -> members.add(
                quoted(field.getKey()) + space(random) + ":" + space(random) + field.getValue().toString()));
        for (int i = random.nextInt(3); i > 0; i--) {
            members.add(quoted("unknown" + i) + ":" + space(random) + "{\"s\":" + quoted(text(random, 12))
                    + ",\"a\":[1,{\"b\":\"}]\"}]}");
        }
        java.util.Collections.shuffle(members, random);
        return space(random) + "{" + space(random) + String.join("," + space(random), members) + space(random) + "}"
                + space(random);
    }

    private static String quoted(String text) {
        return EventCodec.encode(text);
    }

    private static String space(Random random) {
        return List.of("", " ", "\n", "\t ", "\r\n  ").get(random.nextInt(5));
    }

    private static String maybe(Random random, String value) {
        return random.nextBoolean() ? value : null;
    }

    private static String text(Random random, int pieces) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
