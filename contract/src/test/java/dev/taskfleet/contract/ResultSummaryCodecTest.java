package dev.taskfleet.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResultSummaryCodecTest {

    private static final String[] WORDS = {"rename", "the", "ledger", "naïve", "façade", "Größe", "東京", "😀", "a\"quote",
            "back\\slash", "tab\there", "line\nbreak", "control\u0001char", "{\"json\":[1,2]}", "output"};
    private static final ResultStatus[] STATUSES = ResultStatus.values();
    private static final String[] TIERS = {"fast", "quality", "bulk", TaskResult.UNROUTED};

    @Test
    void summarisesEveryResultAsTheWholeDecodeDoesWithoutReadingTheAnswer() throws Exception {
        Random random = new Random(13);
        for (int i = 0; i < 2_000; i++) {
            TaskResult result = randomResult(random, i);
            byte[] value = EventCodec.encode(result).getBytes(StandardCharsets.UTF_8);

            ResultSummary summary = ResultSummaryCodec.decode(value);

            assertThat(summary).as("result %d", i).isEqualTo(ResultSummary.of(EventCodec.decodeResult(value)));
            assertThat(summary.team()).isEqualTo(result.team());
            assertThat(summary.run()).isEqualTo(result.run());
            TaskResult lean = ResultSummaryCodec.fast(value);
            assertThat(lean).as("result %d takes the fast step", i).isNotNull();
            assertThat(lean.output()).isNull();
        }
    }

    @Test
    void refusesWhatTheCodecRefusesInTheSameWords() {
        List<byte[]> payloads = new ArrayList<>();
        for (String json : List.of(
                "",
                "   ",
                "null",
                "[1,2]",
                "\"a string\"",
                "42",
                "not json {",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\"",
                "{\"taskId\":\"t\",\"status\":\"SUCCEEDED\"}",
                "{\"schemaVersion\":0,\"taskId\":\"t\",\"status\":\"SUCCEEDED\"}",
                "{\"schemaVersion\":-3,\"taskId\":\"t\",\"status\":\"SUCCEEDED\"}",
                "{\"schemaVersion\":null,\"taskId\":\"t\",\"status\":\"SUCCEEDED\"}",
                "{\"schemaVersion\":\"1\",\"taskId\":\"t\",\"status\":\"SUCCEEDED\"}",
                "{\"schemaVersion\":true,\"taskId\":\"t\",\"status\":\"SUCCEEDED\"}",
                "{\"schemaVersion\":99999999999,\"taskId\":\"t\",\"status\":\"SUCCEEDED\"}",
                "{\"schemaVersion\":2,\"taskId\":\"t\",\"status\":\"SUCCEEDED\"}",
                "{\"schemaVersion\":2,\"status\":{\"not\":\"a status\"}}",
                "{\"schemaVersion\":1,\"status\":\"SUCCEEDED\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SecretToken42\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"FAILED\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"FAILED\",\"error\":{\"code\":\"X\"}}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"output\":{\"SecretToken42\":1}}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"output\":[\"SecretToken42\"]}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"output\":\"unterminated}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"output\":\"bad \\q escape\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"inputTokens\":\"many\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"finishedAt\":\"yesterday\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"history\":[{\"tier\":\"fast\"}]}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"history\":{\"tier\":\"fast\"}}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"routing\":{\"rule\":\"r\"}}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"output\":\"a\",\"output\":{}}")) {
            payloads.add(json.getBytes(StandardCharsets.UTF_8));
        }
        payloads.add(null);
        String valid = "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"output\":\"";
        // Broken UTF-8 in the answer, the part the fast step does not decode: a stray continuation
        // byte, an overlong encoding, an encoded surrogate, a sequence cut off at the end, and one
        // past the first chunk the check decodes.
        payloads.add(withBytes(valid, new byte[] {(byte) 0x80}, "\"}"));
        payloads.add(withBytes(valid, new byte[] {(byte) 0xC0, (byte) 0xAF}, "\"}"));
        payloads.add(withBytes(valid, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}"));
        payloads.add(withBytes(valid, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, "\"}"));
        payloads.add(withBytes(valid + "x".repeat(10_000), new byte[] {(byte) 0xC3, (byte) 0x28}, "\"}"));
        payloads.add(withBytes(valid + "ok", new byte[] {(byte) 0xE2, (byte) 0x82}, ""));

        for (byte[] payload : payloads) {
            String shown = payload == null ? "null" : new String(payload, StandardCharsets.UTF_8);
            EventDecodingException whole = catchThrowableOfType(() -> EventCodec.decodeResult(payload),
                    EventDecodingException.class);
            assertThat(whole).as("the codec refuses %s", shown).isNotNull();

            EventDecodingException lean = catchThrowableOfType(() -> ResultSummaryCodec.decode(payload),
                    EventDecodingException.class);

            assertThat(lean).as("refused: %s", shown).isNotNull();
            assertThat(lean.reasonCode()).as(shown).isEqualTo(whole.reasonCode());
            assertThat(lean.getMessage()).as(shown).isEqualTo(whole.getMessage()).doesNotContain("SecretToken42");
        }
    }

    @Test
    void oddPayloadsAreSummarisedOrRefusedAsTheCodecReadsThem() throws Exception {
        String bom = "\uFEFF{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\"}";
        for (String json : List.of(
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"output\":42}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"output\":null}",
                "{\"schemaVersion\":1.0,\"taskId\":\"t\",\"status\":\"SUCCEEDED\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"batchId\":\"b\",\"unknown\":{\"x\":[1]}}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"costUsd\":1,\"costUsd\":2}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"FAILED\",\"error\":{\"code\":\"X\",\"message\":\"m\"},"
                        + "\"status\":\"SUCCEEDED\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"team\":\" \",\"run\":0}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"finishedAt\":\"2026-03-01T10:00:00Z\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"finishedAt\":\"2026-03-01T10:00:00.5Z\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"finishedAt\":\"2026-03-01T10:00:00.123456789Z\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"finishedAt\":\"2026-03-01T10:00:00.1234567891Z\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"finishedAt\":\"2026-03-01T10:00:00.Z\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"finishedAt\":\"2026-03-01T10:00:00+01:00\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"finishedAt\":\"2026-03-01t10:00:00z\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"finishedAt\":\"2026-02-29T10:00:00Z\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"finishedAt\":\"2024-02-29T23:59:60Z\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"finishedAt\":\"2026-03-01T24:00:00Z\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"finishedAt\":\"2026-13-01T10:00:00Z\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"finishedAt\":\"0999-03-01T10:00:00Z\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"finishedAt\":\"+12026-03-01T10:00:00Z\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"finishedAt\":\"2026-03-01T10:00:00\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"finishedAt\":\"2026-03-01 10:00:00Z\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"finishedAt\":\"2026-03-01T10:0a:00Z\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"finishedAt\":\"\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"finishedAt\":\"now\"}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"submittedAt\":1772359200.25}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"finishedAt\":1772359200}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\",\"finishedAt\":null}",
                "{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\"} trailing",
                bom)) {
            byte[] value = json.getBytes(StandardCharsets.UTF_8);
            ResultSummary whole;
            try {
                whole = ResultSummary.of(EventCodec.decodeResult(value));
            } catch (EventDecodingException e) {
                // Whether the codec takes these (an impossible date, a byte-order mark) is its business;
                // the summary must agree, in the same words.
                EventDecodingException lean = catchThrowableOfType(() -> ResultSummaryCodec.decode(value),
                        EventDecodingException.class);
                assertThat(lean).as(json).isNotNull();
                assertThat(lean.getMessage()).as(json).isEqualTo(e.getMessage());
                continue;
            }
            assertThat(ResultSummaryCodec.decode(value)).as(json).isEqualTo(whole);
        }
    }

    @Test
    void readsTheFleetsInstantsWithoutAFormatterAsTheFormatterDoes() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE), random.nextInt(4) == 0 ? 0
                    : random.nextInt(1_000_000_000) / (int) Math.pow(10, random.nextInt(7)));
            String text = EventCodec.encode(instant).replace("\"", "");

            TaskResult lean = ResultSummaryCodec.fast(("{\"schemaVersion\":1,\"taskId\":\"t\",\"status\":\"SUCCEEDED\","
                    + "\"finishedAt\":\"" + text + "\",\"submittedAt\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8));

            assertThat(lean).as(text).isNotNull();
            assertThat(lean.finishedAt()).as(text).isEqualTo(instant);
            assertThat(lean.submittedAt()).as(text).isEqualTo(instant);
        }
    }

    private static byte[] withBytes(String before, byte[] bytes, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static TaskResult randomResult(Random random, int i) {
        ResultStatus status = STATUSES[random.nextInt(STATUSES.length)];
        boolean succeeded = status == ResultStatus.SUCCEEDED;
        ResultError error = status == ResultStatus.FAILED || (!succeeded && random.nextBoolean())
                ? new ResultError("MODEL_ERROR", text(random, 1 + random.nextInt(8))) : null;
        List<AttemptRecord> history = new ArrayList<>();
        for (int a = random.nextInt(4); a > 0; a--) {
            history.add(new AttemptRecord(random.nextBoolean() ? "fast" : "quality", "sim-" + a,
                    a == 1 && succeeded ? AttemptRecord.SUCCEEDED : "OUTPUT_REJECTED",
                    random.nextBoolean() ? null : text(random, 3), random.nextInt(5_000), random.nextInt(4_000),
                    random.nextInt(2_000), random.nextDouble() / 100, random.nextInt(10) == 0 ? "pb-" + a : null));
        }
        return new TaskResult(1, "t-" + i, random.nextInt(20) == 0 ? null : "b-" + random.nextInt(50),
                random.nextBoolean() ? "refactor" : null, random.nextInt(10) == 0 ? null : TIERS[random.nextInt(TIERS.length)],
                "sim-model", status, succeeded ? text(random, 150 + random.nextInt(450)) : null, error,
                1 + random.nextInt(3), random.nextInt(50_000), random.nextInt(8_000),
                random.nextInt(5) == 0 ? 0 : random.nextDouble() / 10, random.nextInt(30_000), "worker-" + random.nextInt(4),
                random.nextInt(10) == 0 ? null : Instant.ofEpochMilli(1_780_000_000_000L + random.nextInt(1_000_000_000)),
                random.nextBoolean() ? new RoutingDecision("keyword", random.nextDouble(), text(random, 5),
                        Map.of("length", random.nextDouble())) : null,
                random.nextInt(5) == 0 ? null : "team-" + random.nextInt(3), random.nextInt(4),
                random.nextBoolean() ? null : Instant.ofEpochSecond(1_780_000_000L + random.nextInt(1_000_000)), history,
                random.nextInt(4) == 0 ? null : Priority.values()[random.nextInt(Priority.values().length)]);
    }

    private static String text(Random random, int words) {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < words; w++) {
            text.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }
}
