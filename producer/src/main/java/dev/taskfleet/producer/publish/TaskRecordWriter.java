package dev.taskfleet.producer.publish;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.Task;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes a task's record value, the same bytes as {@link EventCodec#encodeToBytes(Object)} gives for
 * it, field by field on one JSON generator kept for the whole batch: no serializer lookup, provider
 * or generator per task, and the buffer is reused. {@code TaskRecordWriterTest} holds it to the
 * contract's encoding byte for byte.
 *
 * <p>The fields are {@link Task}'s components in their order, {@code null} ones left out (the
 * record's {@code @JsonInclude(NON_NULL)}); {@code createdAt} and {@code deadline} as ISO-8601 text,
 * which is what {@code Instant.toString} ({@link #iso}) and {@code Duration.toString} write; {@code priority}
 * by its wire name, and not at all when standard. {@code expect}, rare
 * and holding a JSON schema of any shape, is written by the contract's mapper.
 *
 * <p>Not thread-safe: one per batch, used by the thread that reads the body.
 */
final class TaskRecordWriter {

    private final Buffer buffer = new Buffer();
    private final JsonGenerator generator;
    private long cachedSecond;
    private String cachedPrefix;

    TaskRecordWriter() {
        try {
            generator = EventCodec.mapper().createGenerator(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a JSON generator", e);
        }
        // One value per record: nothing may separate this record's JSON from the previous one's.
        generator.setRootValueSeparator(null);
    }

    /** The task's record value, a new array each time. */
    byte[] write(Task task) {
        buffer.reset();
        try {
            JsonGenerator g = generator;
            g.writeStartObject();
            g.writeNumberField("schemaVersion", task.schemaVersion());
            g.writeStringField("id", task.id());
            stringField(g, "batchId", task.batchId());
            stringField(g, "type", task.type());
            stringField(g, "prompt", task.prompt());
            stringField(g, "tierHint", task.tierHint());
            g.writeObjectFieldStart("labels");
            for (Map.Entry<String, String> label : task.labels().entrySet()) {
                g.writeStringField(label.getKey(), label.getValue());
            }
            g.writeEndObject();
            if (task.createdAt() != null) {
                g.writeStringField("createdAt", iso(task.createdAt()));
            }
            g.writeStringField("team", task.team());
            g.writeNumberField("run", task.run());
            if (task.expect() != null) {
                g.writeFieldName("expect");
                g.writeObject(task.expect());
            }
            if (task.deadline() != null) {
                g.writeStringField("deadline", task.deadline().toString());
            }
            // Left off when standard, as the contract's Priority.StandardFilter does.
            if (task.priority() != null && task.priority() != Priority.STANDARD) {
                g.writeStringField("priority", task.priority().wireName());
            }
            g.writeEndObject();
            g.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode task " + task.id(), e);
        }
        return buffer.toByteArray();
    }

    /**
     * {@code instant.toString()} (ISO-8601, what the contract's mapper writes), without a
     * {@code DateTimeFormatter} per task: the tasks of a batch are stamped within the same few seconds,
     * so the text up to the seconds is the JDK's own, kept per second, and the fraction is appended in
     * the JDK's form (none, or 3, 6 or 9 digits, as many as needed).
     */
    String iso(Instant instant) {
        long second = instant.getEpochSecond();
        if (second != cachedSecond || cachedPrefix == null) {
            String whole = Instant.ofEpochSecond(second).toString();
            cachedPrefix = whole.substring(0, whole.length() - 1);
            cachedSecond = second;
        }
        int nanos = instant.getNano();
        if (nanos == 0) {
            return cachedPrefix + "Z";
        }
        StringBuilder text = new StringBuilder(cachedPrefix.length() + 11).append(cachedPrefix).append('.');
        if (nanos % 1_000_000 == 0) {
            appendDigits(text, nanos / 1_000_000, 3);
        } else if (nanos % 1_000 == 0) {
            appendDigits(text, nanos / 1_000, 6);
        } else {
            appendDigits(text, nanos, 9);
        }
        return text.append('Z').toString();
    }

    private static void appendDigits(StringBuilder text, int value, int digits) {
        String number = Integer.toString(value);
        for (int i = number.length(); i < digits; i++) {
            text.append('0');
        }
        text.append(number);
    }

    private static void stringField(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    /** A byte buffer that grows to the largest record and is then reused. */
    private static final class Buffer extends OutputStream {

        private byte[] bytes = new byte[4096];
        private int length;

        void reset() {
            length = 0;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, length);
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[length++] = (byte) b;
        }

        @Override
        public void write(byte[] source, int offset, int count) {
            ensure(count);
            System.arraycopy(source, offset, bytes, length, count);
            length += count;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }
}
