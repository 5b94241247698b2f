package dev.taskfleet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Decoding from bytes takes one pass when it can; decoding from text always takes the long way
 * (text, tree, event). Both must give the same answer for every payload: the same event, or the
 * same refusal with the same reason and message. This feeds both the same payloads, valid ones
 * and ones broken on purpose, from a fixed seed.
 */
class OnePassDecodingTest {

    private static final String[] PROMPT_PIECES = {"Rename foo to bar", "é ß € 中文 😀", "quote \" and \\ slash",
            "line\nbreak\ttab", "```java\nclass A {}\n```", "", "{\"looks\":\"like json\"}"};

    private static final String[] VERSION_VALUES = {"\"1\"", "2", "0", "-1", "null", "true", "1.0", "1.7", "\"x\"",
            "[1]", "{}", "99999999999"};

    private static final String REPEATED =
            "\"id\":\"again\",\"taskId\":\"again\",\"batchId\":\"again\",\"tier\":\"again\",\"workerId\":\"again\"";

    @FunctionalInterface
    interface Decoder<T> {
        T decode(byte[] bytes, String text) throws EventDecodingException;
    }

    @Test
    void bytesAndTextGiveTheSameAnswerForTasks() {
        assertSameAnswers(corpus(this::task), (bytes, text) -> bytes != null ? EventCodec.decodeTask(bytes)
                : EventCodec.decodeTask(text));
    }

    @Test
    void bytesAndTextGiveTheSameAnswerForRoutedTasks() {
        assertSameAnswers(corpus(random -> routed(random)), (bytes, text) -> bytes != null
                ? EventCodec.decodeRoutedTask(bytes) : EventCodec.decodeRoutedTask(text));
    }

    @Test
    void bytesAndTextGiveTheSameAnswerForResults() {
        assertSameAnswers(corpus(this::result), (bytes, text) -> bytes != null ? EventCodec.decodeResult(bytes)
                : EventCodec.decodeResult(text));
    }

    @Test
    void bytesAndTextGiveTheSameAnswerForEscalations() {
        assertSameAnswers(corpus(random -> new EscalationRequest(1, routed(random), List.of(),
                        new ResultError("MODEL_ERROR", "upstream said no " + random.nextInt()), "w-1",
                        Instant.ofEpochSecond(1_800_000_000L + random.nextInt(1000)))),
                (bytes, text) -> bytes != null ? EventCodec.decodeEscalation(bytes) : EventCodec.decodeEscalation(text));
    }

    @Test
    void bytesAndTextGiveTheSameAnswerForBatchEvents() {
        assertSameAnswers(corpus(random -> new BatchEvent(1, "b-" + random.nextInt(100), "team-a",
                        BatchEvent.Type.values()[random.nextInt(BatchEvent.Type.values().length)],
                        Instant.ofEpochSecond(1_800_000_000L + random.nextInt(1000)), random.nextInt(5000), 1, "fast")),
                (bytes, text) -> bytes != null ? EventCodec.decodeBatchEvent(bytes) : EventCodec.decodeBatchEvent(text));
    }

    @Test
    void aVersionWrittenAsTextIsRefusedFromBytesAsItIsFromText() {
        byte[] json = EventCodec.encode(task(new Random(1))).replace("\"schemaVersion\":1", "\"schemaVersion\":\"1\"")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(outcome(() -> EventCodec.decodeTask(json)))
                .isEqualTo("refused INVALID_EVENT: Task event has no valid schemaVersion");
    }

    @Test
    void bytesThatJacksonWouldTakeForUtf16AreReadAsUtf8AsTheTextIs() {
        // ASCII text in UTF-16LE is well-formed UTF-8 too, with a NUL after every character.
        byte[] utf16 = EventCodec.encode(task(new Random(3))).replaceAll("[^\\x20-\\x7e]", "x")
                .getBytes(StandardCharsets.UTF_16LE);

        assertThat(Utf8.isWellFormed(utf16, 0, utf16.length)).isTrue();
        assertThat(outcome(() -> EventCodec.decodeTask(utf16)))
                .isEqualTo(outcome(() -> EventCodec.decodeTask(new String(utf16, StandardCharsets.UTF_8))))
                .startsWith("refused UNPARSEABLE");
    }

    @Test
    void anOverlongCharacterIsRefusedAsNotUtf8RatherThanReadAsTheCharacter() {
        // C0 A2 is an overlong '"': a lenient reader would end the string there.
        byte[] prefix = "{\"schemaVersion\":1,\"id\":\"t-1\",\"batchId\":\"b\",\"prompt\":\"a".getBytes(StandardCharsets.UTF_8);
        byte[] json = new byte[prefix.length + 4];
        System.arraycopy(prefix, 0, json, 0, prefix.length);
        json[prefix.length] = (byte) 0xC0;
        json[prefix.length + 1] = (byte) 0xA2;
        json[prefix.length + 2] = '"';
        json[prefix.length + 3] = '}';

        assertThat(outcome(() -> EventCodec.decodeTask(json))).isEqualTo("refused UNPARSEABLE: payload is not UTF-8 text");
    }

    private interface Maker<T> {
        T make(Random random);
    }

    /** Valid payloads, and each broken in one of several ways, as text. */
    private static <T> List<String> corpus(Maker<T> maker) {
        Random random = new Random(42);
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String json = EventCodec.encode(maker.make(random));
            payloads.add(json);
            payloads.add(json.replace("\"schemaVersion\":1",
                    "\"schemaVersion\":" + VERSION_VALUES[random.nextInt(VERSION_VALUES.length)]));
            payloads.add(json.replace("\"schemaVersion\":1,", ""));
            payloads.add(json.replace("{", "{\"addedLater\":{\"n\":[1,2,{\"x\":null}]},"));
            // Cut at a character's start, never inside a surrogate pair, so the text has a UTF-8 form.
            int at = json.offsetByCodePoints(0, random.nextInt(json.codePointCount(0, json.length())));
            payloads.add(json.substring(0, at) + json.substring(json.offsetByCodePoints(at, 1)));
            payloads.add(json.substring(0, at) + "\"" + json.substring(at));
            payloads.add(json.substring(0, at));
            payloads.add(renameAField(json, random));
            payloads.add("\uFEFF" + json);
            // Fields repeated with other values, after all the others (binding may have built the
            // event by then) and before them: the text's tree keeps the last value of each.
            payloads.add(json.substring(0, json.length() - 1) + "," + REPEATED + "}");
            payloads.add("{" + REPEATED + "," + json.substring(1));
            payloads.add(json.replaceFirst(",", ",\"schemaVersion\":" + (random.nextBoolean() ? "1" : "2") + ","));
        }
        payloads.addAll(List.of("", " ", "null", "[]", "[1,2]", "\"text\"", "42", "{}", "{\"schemaVersion\":1}",
                "{\"schemaVersion\":1} trailing", "not json {"));
        return payloads;
    }

    private static String renameAField(String json, Random random) {
        int quote = json.indexOf("\":", random.nextInt(json.length()));
        return quote < 0 ? json : json.substring(0, quote) + "X" + json.substring(quote);
    }

    private static <T> void assertSameAnswers(List<String> payloads, Decoder<T> decoder) {
        int accepted = 0;
        for (String text : payloads) {
            String fromText = outcome(() -> decoder.decode(null, text));
            String fromBytes = outcome(() -> decoder.decode(text.getBytes(StandardCharsets.UTF_8), null));
            assertThat(ascii(fromBytes)).as("payload %s", ascii(text)).isEqualTo(ascii(fromText));
            accepted += fromText.startsWith("accepted") ? 1 : 0;
        }
        assertThat(accepted).as("both answers are exercised").isBetween(payloads.size() / 10, payloads.size() * 9 / 10);
    }

    /** Failure reports stay readable whatever the payload holds. */
    private static String ascii(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c < 127 ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return out.toString();
    }

    @FunctionalInterface
    private interface Decoding {
        Object run() throws EventDecodingException;
    }

    private static String outcome(Decoding decoding) {
        try {
            return "accepted " + decoding.run();
        } catch (EventDecodingException e) {
            return "refused " + e.reasonCode() + ": " + e.getMessage();
        }
    }

    private Task task(Random random) {
        return new Task(1, "t-" + random.nextInt(1_000_000), "b-" + random.nextInt(100),
                random.nextBoolean() ? "refactor" : null, prompt(random), random.nextBoolean() ? "fast" : null,
                random.nextBoolean() ? Map.of("repo", "core", "n", String.valueOf(random.nextInt())) : Map.of(),
                Instant.ofEpochMilli(1_800_000_000_000L + random.nextInt(1_000_000)), "team-" + random.nextInt(3),
                1 + random.nextInt(3), random.nextBoolean() ? OutputExpectation.regex("^OK") : null);
    }

    private RoutedTask routed(Random random) {
        return RoutedTask.firstPlacement(task(random), random.nextBoolean() ? "fast" : "quality",
                new RoutingDecision("heuristic", random.nextDouble(), "score above the line",
                        random.nextBoolean() ? Map.of("estimatedTokens", (double) random.nextInt(5000)) : Map.of()));
    }

    private TaskResult result(Random random) {
        boolean succeeded = random.nextBoolean();
        return new TaskResult(1, "t-" + random.nextInt(1_000_000), "b-1", "refactor", "fast", "sim-fast",
                succeeded ? ResultStatus.SUCCEEDED : ResultStatus.FAILED, succeeded ? prompt(random) : null,
                succeeded ? null : new ResultError("MODEL_ERROR", "no"), 1 + random.nextInt(3),
                random.nextInt(5000), random.nextInt(5000), random.nextDouble() / 100, random.nextInt(10_000), "w-1",
                Instant.ofEpochMilli(1_800_000_000_000L + random.nextInt(1_000_000)),
                new RoutingDecision("keyword", 0.2, "junior work"), "payments", 1,
                Instant.ofEpochMilli(1_700_000_000_000L), List.of(new AttemptRecord("fast", "sim-fast",
                        AttemptRecord.SUCCEEDED, null, 250, 10, 20, 0.0001)),
                Priority.values()[random.nextInt(Priority.values().length)]);
    }

    private static String prompt(Random random) {
        StringBuilder prompt = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
            prompt.append(PROMPT_PIECES[random.nextInt(PROMPT_PIECES.length)]).append(' ');
        }
        return prompt.toString();
    }
}
