package dev.taskfleet.producer.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.EventDecodingException;
import java.io.IOException;
import java.io.InputStream;

/** Reads NDJSON: one task object per line, each line parsed on its own so a bad line costs only itself. */
final class NdjsonBatchReader {

    // Two objects on one line would otherwise silently lose the second.
    private static final ObjectReader LINE_READER = EventCodec.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private NdjsonBatchReader() {
    }

    static void read(InputStream body, int maxLineBytes, BatchIntake intake) throws IOException {
        LineReader lines = new LineReader(body, maxLineBytes);
        while (lines.next()) {
            if (lines.tooLong()) {
                intake.count();
                intake.reject(lines.lineNumber(), null, null, RejectionField.LINE,
                        "line is longer than the limit of " + maxLineBytes + " bytes");
                continue;
            }
            if (lines.isBlank()) {
                continue;
            }
            JsonNode node = parsedDirectly(lines);
            if (node == null) {
                String text;
                try {
                    // Decoded strictly here so Jackson never guesses an encoding from a line's first
                    // bytes (it would take 00 00 00 7B for UTF-32 and fail outside its JSON errors).
                    text = EventCodec.utf8(lines.bytes(), 0, lines.length());
                } catch (EventDecodingException e) {
                    intake.count();
                    intake.reject(lines.lineNumber(), null, null, RejectionField.JSON, "line is not valid UTF-8");
                    continue;
                }
                try {
                    node = LINE_READER.readTree(text);
                } catch (JsonProcessingException e) {
                    intake.count();
                    intake.reject(lines.lineNumber(), null, null, RejectionField.JSON, malformed(e));
                    continue;
                }
            }
            if (node == null || node.isMissingNode()) {
                continue;
            }
            intake.count();
            intake.submit(node, lines.lineNumber(), null);
        }
    }

    /**
     * The line parsed straight from its bytes, without a {@code String} in between, when the bytes are
     * strict UTF-8 that Jackson reads as the same characters as the text and the line is well-formed
     * JSON; otherwise {@code null}, and the line takes the way through its text, which decides what is
     * wrong with it and words the rejection (a byte parser counts columns in bytes, not characters).
     */
    private static JsonNode parsedDirectly(LineReader lines) {
        if (!EventCodec.readableInOnePass(lines.bytes(), 0, lines.length())) {
            return null;
        }
        try {
            JsonNode node = LINE_READER.readTree(lines.bytes(), 0, lines.length());
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            // Parsing bytes in memory reads nothing from the body: this is the line's own fault.
            return null;
        }
    }

    private static String malformed(JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")";
        return "malformed JSON" + where + ": " + e.getOriginalMessage();
    }
}
