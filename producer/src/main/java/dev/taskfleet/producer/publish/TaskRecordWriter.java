package dev.taskfleet.producer.publish;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.Task;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
 * which is what {@code Instant.toString} and {@code Duration.toString} write. {@code expect}, rare
 * and holding a JSON schema of any shape, is written by the contract's mapper.
 *
 * <p>Not thread-safe: one per batch, used by the thread that reads the body.
 */
final class TaskRecordWriter {

    private final Buffer buffer = new Buffer();
    private final JsonGenerator generator;

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
                g.writeStringField("createdAt", task.createdAt().toString());
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
            g.writeEndObject();
            g.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode task " + task.id(), e);
        }
        return buffer.toByteArray();
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
