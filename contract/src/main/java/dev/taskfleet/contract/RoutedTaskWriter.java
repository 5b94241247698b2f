package dev.taskfleet.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a {@link RoutedTask} as JSON with its task copied from the bytes the task was decoded
 * from, rather than serialised again: the router changes nothing in a task it places, and
 * re-encoding the whole task, prompt included, was an eighth of its CPU (docs/BENCHMARKS.md,
 * "Where the CPU goes").
 *
 * <p>The output decodes ({@link EventCodec#decodeRoutedTask}) to the same routed task as
 * {@link EventCodec#encode} of it does, and is byte for byte the same when the task's bytes are
 * what {@code EventCodec.encode} wrote. Bytes written another way (other spacing, field order or
 * escapes, fields this build does not know) are carried as they are: readers ignore unknown fields
 * and bind the rest to the same values.
 *
 * <p>Thread-safe.
 */
public final class RoutedTaskWriter {

    // Fields are written in the order of RoutedTask's components, as the mapper writes a record;
    // the routing decision and the history go through the mapper itself, so their annotations
    // (features left out when empty, absent attempt fields left out) apply exactly as they do there.
    private static final ObjectWriter ROUTING = EventCodec.mapper().writerFor(RoutingDecision.class)
            .without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    private static final ObjectWriter HISTORY = EventCodec.mapper()
            .writerFor(new TypeReference<List<AttemptRecord>>() { })
            .without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

    // A generator over bytes writes a character outside the BMP as two escaped surrogates unless told to
    // combine them, while EventCodec.encode (a String, then UTF-8) writes its four bytes: combined,
    // the decision's reason is written as the codec writes it.
    private static final JsonFactory FACTORY = EventCodec.mapper().getFactory().rebuild()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    /** Room for everything but the task: tier, attempt, the decision and its reason. */
    private static final int ROOM_BEYOND_TASK = 512;

    private RoutedTaskWriter() {
    }

    /**
     * The routed task as a record value.
     *
     * @param taskJson the record value {@code routed.task()} was decoded from by
     *                 {@link EventCodec#decodeTask(byte[])}: copied as the {@code task} field
     *                 without being read again. Anything else would be written as it is, which is
     *                 why the caller must pass exactly those bytes.
     */
    public static byte[] write(RoutedTask routed, byte[] taskJson) {
        int start = taskJson == null ? 0 : firstNonBlank(taskJson);
        int end = taskJson == null ? -1 : endOfObject(taskJson, start);
        if (end < 0) {
            // Not one object alone (a BOM, or more than one value, which the decoder reads past
            // without complaint): embedding it would not be JSON, so the task is encoded anew.
            return EventCodec.encode(routed).getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayBuilder out = new ByteArrayBuilder(end - start + routed.routing().reason().length() + ROOM_BEYOND_TASK);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeNumberField("schemaVersion", routed.schemaVersion());
            generator.writeFieldName("task");
            // A generator writes the ':' before a field's value, not after its name: an empty raw
            // value has it written and tells the generator the field has its value, and the task's
            // own bytes then go to the stream right behind it. Copying them unread is safe only
            // because the decoder has already parsed them as one JSON object, and endOfObject has
            // made sure nothing but whitespace surrounds that object.
            generator.writeRawValue("");
            generator.flush();
            out.write(taskJson, start, end - start);
            generator.writeStringField("tier", routed.tier());
            generator.writeNumberField("attempt", routed.attempt());
            generator.writeFieldName("routing");
            ROUTING.writeValue(generator, routed.routing());
            generator.writeFieldName("history");
            HISTORY.writeValue(generator, routed.history());
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode RoutedTask", e);
        }
        return out.toByteArray();
    }

    private static int firstNonBlank(byte[] json) {
        int i = 0;
        while (i < json.length && isBlank(json[i])) {
            i++;
        }
        return i;
    }

    /**
     * One past the closing brace of the object that starts at {@code start}, or -1 when the bytes
     * from {@code start} are not one object followed by nothing but whitespace. The bytes are known
     * to begin with valid JSON (the decoder parsed it), so matching braces and brackets outside
     * strings finds where that value ends without validating it again.
     */
    private static int endOfObject(byte[] json, int start) {
        if (start >= json.length || json[start] != '{') {
            return -1;
        }
        int depth = 0;
        boolean inString = false;
        int i = start;
        for (; i < json.length; i++) {
            byte b = json[i];
            if (inString) {
                if (b == '\\') {
                    i++; // an escaped character, '"' or '\\' included, never ends the string
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if ((b == '}' || b == ']') && --depth == 0) {
                break;
            }
        }
        if (i >= json.length) {
            return -1;
        }
        int end = i + 1;
        for (int j = end; j < json.length; j++) {
            if (!isBlank(json[j])) {
                return -1;
            }
        }
        return end;
    }

    /** JSON's whitespace, the only bytes the decoder skips around a value. */
    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
