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
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

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

    // Fields are written in the order of RoutedTask's components, as the mapper writes a record. The
    // decision is written here too, field by field as the mapper writes RoutingDecision (features
    // left out when empty, as its @JsonInclude says): handing it to the mapper costs about as much
    // as the copied task saves. A history goes through the mapper; a first placement has none.
    private static final ObjectWriter HISTORY = EventCodec.mapper()
            .writerFor(new TypeReference<List<AttemptRecord>>() { })
            .without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

    // A generator over bytes writes a character outside the BMP as two escaped surrogates unless told to
    // combine them, while EventCodec.encode (a String, then UTF-8) writes its four bytes: combined,
    // the decision's reason is written as the codec writes it.
    private static final JsonFactory FACTORY = EventCodec.mapper().getFactory().rebuild()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private static final VarHandle EIGHT_BYTES =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';

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
            // Not one object alone: a BOM, or something after the object, which the decoder reads
            // past without complaint. Embedded, what follows the object would be read as the routed
            // task's own fields (a '}' then ',"tier":...' would choose the tier), so the task is
            // encoded anew.
            return EventCodec.encodeToBytes(routed);
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
            writeRouting(generator, routed.routing());
            generator.writeFieldName("history");
            if (routed.history().isEmpty()) {
                generator.writeStartArray();
                generator.writeEndArray();
            } else {
                HISTORY.writeValue(generator, routed.history());
            }
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode RoutedTask", e);
        }
        return out.toByteArray();
    }

    private static void writeRouting(JsonGenerator generator, RoutingDecision routing) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("rule", routing.rule());
        generator.writeNumberField("score", routing.score());
        generator.writeStringField("reason", routing.reason());
        if (!routing.features().isEmpty()) {
            generator.writeObjectFieldStart("features");
            for (Map.Entry<String, Double> feature : routing.features().entrySet()) {
                generator.writeNumberField(feature.getKey(), feature.getValue());
            }
            generator.writeEndObject();
        }
        generator.writeEndObject();
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
        int end = -1;
        for (int i = start; i < json.length && end < 0; i++) {
            byte b = json[i];
            if (b == '"') {
                i = closingQuote(json, i + 1);
                if (i < 0) {
                    return -1;
                }
            } else if (b == '{' || b == '[') {
                depth++;
            } else if ((b == '}' || b == ']') && --depth == 0) {
                end = i + 1;
            }
        }
        if (end < 0) {
            return -1;
        }
        for (int j = end; j < json.length; j++) {
            if (!isBlank(json[j])) {
                return -1;
            }
        }
        return end;
    }

    /**
     * The index of the quote that ends the string whose first character is at {@code i}, or -1.
     * Strings are most of a task (its prompt), so this looks at nothing but quotes and
     * backslashes, and skips eight bytes at a time while they hold neither: an escaped character,
     * '"' and '\\' included, never ends the string; a byte of a multi-byte UTF-8 character is
     * never either.
     */
    private static int closingQuote(byte[] json, int i) {
        while (i < json.length) {
            while (i <= json.length - Long.BYTES && !quoteOrBackslash((long) EIGHT_BYTES.get(json, i))) {
                i += Long.BYTES;
            }
            if (i >= json.length) {
                break;
            }
            byte b = json[i];
            if (b == '"') {
                return i;
            }
            i += b == '\\' ? 2 : 1;
        }
        return -1;
    }

    /** Whether one of the eight bytes is '"' or '\\': a byte equal to it is zero after the XOR. */
    private static boolean quoteOrBackslash(long bytes) {
        return hasZeroByte(bytes ^ QUOTES) || hasZeroByte(bytes ^ BACKSLASHES);
    }

    /** Whether a byte is zero: (x - 0x01...) & ~x & 0x80... is non-zero exactly when one is. */
    private static boolean hasZeroByte(long bytes) {
        return ((bytes - ONES) & ~bytes & HIGH_BITS) != 0;
    }

    /** JSON's whitespace, the only bytes the decoder skips around a value. */
    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
