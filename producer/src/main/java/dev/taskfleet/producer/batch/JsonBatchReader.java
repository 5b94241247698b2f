package dev.taskfleet.producer.batch;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.taskfleet.contract.EventCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the JSON form {@code {"tasks": [ {...}, {...} ]}} with a streaming parser, building a
 * tree for one task at a time.
 *
 * <p>Unlike NDJSON, a syntax error leaves no reliable place to resume, so it ends the reading:
 * it is reported as one rejection at the line (and array index) where the document broke, and
 * the tasks before it stand.
 */
final class JsonBatchReader {

    private static final String SHAPE = "the body must be a JSON object {\"tasks\": [ ... ]}";

    private final JsonParser parser;
    private final BatchIntake intake;
    /** Position in the tasks array of the element being read; {@code null} outside the array. */
    private Integer index;

    private JsonBatchReader(JsonParser parser, BatchIntake intake) {
        this.parser = parser;
        this.intake = intake;
    }

    static void read(InputStream body, BatchIntake intake) throws IOException {
        // A strict UTF-8 reader: Jackson would otherwise guess the encoding from the first bytes,
        // and bytes that are not UTF-8 would surface as an I/O failure instead of a rejection.
        Reader text = new InputStreamReader(body, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        try (JsonParser parser = EventCodec.mapper().createParser(text)) {
            JsonBatchReader reader = new JsonBatchReader(parser, intake);
            try {
                reader.readDocument();
            } catch (MisshapenDocument e) {
                intake.reject(e.line, reader.index, null, RejectionField.JSON, e.getMessage());
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
                intake.reject(at.getLineNr(), reader.index, null, RejectionField.JSON, "malformed JSON (column "
                        + at.getColumnNr() + "): " + e.getOriginalMessage() + "; the rest of the body was not read");
            } catch (CharacterCodingException e) {
                JsonLocation at = parser.currentLocation();
                intake.reject(at.getLineNr(), reader.index, null, RejectionField.JSON,
                        "the body is not valid UTF-8 after line " + at.getLineNr() + "; the rest of the body was not read");
            }
        }
    }

    private void readDocument() throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new MisshapenDocument(SHAPE, parser);
        }
        boolean sawTasks = false;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            if (sawTasks && "tasks".equals(name)) {
                throw new MisshapenDocument("field 'tasks' appears twice; " + SHAPE, parser);
            }
            if (!"tasks".equals(name)) {
                throw new MisshapenDocument("unknown field '" + name + "'; " + SHAPE, parser);
            }
            sawTasks = true;
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new MisshapenDocument("field 'tasks' must be an array; " + SHAPE, parser);
            }
            readTasks();
        }
        if (!sawTasks) {
            throw new MisshapenDocument("field 'tasks' is missing; " + SHAPE, parser);
        }
        if (parser.nextToken() != null) {
            throw new MisshapenDocument("unexpected content after the JSON object; " + SHAPE, parser);
        }
    }

    private void readTasks() throws IOException {
        index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            long line = parser.currentTokenLocation().getLineNr();
            intake.count();
            intake.submit(parser.readValueAsTree(), line, index);
            index++;
        }
        index = null;
    }

    /** The JSON is well-formed but is not the document we expect; reading stops here. */
    private static final class MisshapenDocument extends IOException {
        final long line;

        MisshapenDocument(String message, JsonParser parser) {
            super(message);
            this.line = parser.currentTokenLocation().getLineNr();
        }
    }
}
