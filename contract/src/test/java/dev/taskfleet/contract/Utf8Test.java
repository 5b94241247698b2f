package dev.taskfleet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void acceptsEveryCharacterRangeTheJdkAccepts() {
        String text = "plain ascii, é, ß, €, 中文, 𝄞 and 😀 at the edges: \u0080\u07ff\u0800\ud7ff\ue000\uffff\udbff\udfff";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

        assertThat(Utf8.isWellFormed(bytes, 0, bytes.length)).isTrue();
        assertThat(Utf8.isWellFormed(new byte[0], 0, 0)).isTrue();
    }

    @Test
    void refusesTheFormsAStrictDecoderRefuses() {
        int[][] malformed = {
                {0xC0, 0xAF},             // overlong '/'
                {0xC1, 0xBF},             // overlong
                {0xE0, 0x80, 0xAF},       // overlong '/' in three bytes
                {0xF0, 0x80, 0x80, 0xAF}, // overlong '/' in four bytes
                {0xED, 0xA0, 0x80},       // an encoded high surrogate
                {0xED, 0xBF, 0xBF},       // an encoded low surrogate
                {0xF4, 0x90, 0x80, 0x80}, // above U+10FFFF
                {0xF5, 0x80, 0x80, 0x80}, // no such lead byte
                {0xFF},
                {0x80},                   // a continuation byte alone
                {0xC3},                   // cut short
                {0xE2, 0x82},             // cut short
                {0xC3, 0x28},             // a lead byte followed by ASCII
        };
        for (int[] sequence : malformed) {
            byte[] bytes = new byte[sequence.length + 2];
            bytes[0] = 'a';
            for (int i = 0; i < sequence.length; i++) {
                bytes[i + 1] = (byte) sequence[i];
            }
            bytes[bytes.length - 1] = 'z';
            assertThat(Utf8.isWellFormed(bytes, 0, bytes.length)).as(hex(sequence)).isFalse();
            assertThat(jdkAccepts(bytes, 0, bytes.length)).as("the JDK agrees on " + hex(sequence)).isFalse();
        }
    }

    @Test
    void agreesWithTheJdksStrictDecoderOnRandomBytes() {
        Random random = new Random(42);
        int refused = 0;
        for (int round = 0; round < 50_000; round++) {
            byte[] bytes = new byte[1 + random.nextInt(12)];
            for (int i = 0; i < bytes.length; i++) {
                // Mostly bytes around the multi-byte ranges, where the rules are.
                bytes[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(128) : 0x80 + random.nextInt(128));
            }
            int offset = random.nextInt(bytes.length);
            int length = random.nextInt(bytes.length - offset + 1);
            refused += agreesWithTheJdk(bytes, offset, length) ? 0 : 1;
        }
        assertThat(refused).as("the random bytes exercise both answers").isBetween(1_000, 49_000);
    }

    @Test
    void agreesWithTheJdkOnMostlyAsciiTextWhereEightBytesAreReadAtOnce() {
        Random random = new Random(7);
        int refused = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(70)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (random.nextInt(40) == 0 ? 0x80 + random.nextInt(128) : random.nextInt(128));
            }
            int offset = bytes.length == 0 ? 0 : random.nextInt(Math.min(bytes.length, 9));
            int length = bytes.length - offset;
            refused += agreesWithTheJdk(bytes, offset, length) ? 0 : 1;
        }
        assertThat(refused).as("both answers are exercised").isBetween(1_000, 19_000);
    }

    /** Asserts both verdicts are the same; returns it. */
    private static boolean agreesWithTheJdk(byte[] bytes, int offset, int length) {
        boolean expected = jdkAccepts(bytes, offset, length);
        assertThat(Utf8.isWellFormed(bytes, offset, length))
                .as(() -> hex(bytes) + " from " + offset + ", " + length + " bytes")
                .isEqualTo(expected);
        return expected;
    }

    private static boolean jdkAccepts(byte[] bytes, int offset, int length) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, offset, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String hex(int[] sequence) {
        StringBuilder out = new StringBuilder();
        for (int b : sequence) {
            out.append(String.format("%02X ", b));
        }
        return out.toString().trim();
    }

    private static String hex(byte[] bytes) {
        int[] values = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = bytes[i] & 0xFF;
        }
        return hex(values);
    }
}
