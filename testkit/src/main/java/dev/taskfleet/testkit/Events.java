package dev.taskfleet.testkit;

import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.DeadLetterReasons;
import dev.taskfleet.contract.EscalationRequest;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.EventDecodingException;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes events in tests. A payload that is not the expected event fails the test with where it
 * came from (topic, partition, offset and key, or the line of a body), the codec's reason and the
 * start of the payload, so a test reads {@code Events.decode(record, TaskResult.class)} instead of
 * wrapping {@link EventCodec} in a try/catch of its own.
 */
public final class Events {

    /** Longest stretch of a payload quoted in a failure. */
    private static final int QUOTED_CHARS = 300;

    @FunctionalInterface
    private interface Reader {
        Object read(String json) throws EventDecodingException;
    }

    private static final Map<Class<?>, Reader> READERS = Map.of(
            Task.class, EventCodec::decodeTask,
            RoutedTask.class, EventCodec::decodeRoutedTask,
            TaskResult.class, EventCodec::decodeResult,
            EscalationRequest.class, EventCodec::decodeEscalation,
            BatchEvent.class, Events::knownBatchEvent);

    private Events() {
    }

    /** The record's value as a {@code type} event. */
    public static <T> T decode(ConsumerRecord<?, String> record, Class<T> type) {
        return decode(record.value(), type, record.topic() + "-" + record.partition() + " offset " + record.offset()
                + " (key " + record.key() + ")");
    }

    /** {@code json} as a {@code type} event; {@code origin} says where it came from in a failure. */
    public static <T> T decode(String json, Class<T> type, String origin) {
        Reader reader = READERS.get(type);
        if (reader == null) {
            throw new IllegalArgumentException(type.getSimpleName() + " is not an event type; known: "
                    + READERS.keySet().stream().map(Class::getSimpleName).sorted().toList());
        }
        try {
            return type.cast(reader.read(json));
        } catch (EventDecodingException e) {
            throw new AssertionError(origin + " is not a " + type.getSimpleName() + " event: " + e.reasonCode() + ": "
                    + e.getMessage() + "; payload: " + quoted(json), e);
        }
    }

    /** Every non-blank line of an NDJSON body as a {@code type} event, in order. */
    public static <T> List<T> decodeLines(String ndjson, Class<T> type) {
        List<T> events = new ArrayList<>();
        List<String> lines = ndjson.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                events.add(decode(lines.get(i), type, "line " + (i + 1)));
            }
        }
        return events;
    }

    /** In a test, a batch event of a type this build does not know is a mistake, not something to skip. */
    private static BatchEvent knownBatchEvent(String json) throws EventDecodingException {
        return EventCodec.decodeBatchEvent(json).orElseThrow(() -> new EventDecodingException(
                DeadLetterReasons.INVALID_EVENT, "a batch event of a type this build does not know"));
    }

    private static String quoted(String json) {
        if (json == null) {
            return "null";
        }
        return json.length() <= QUOTED_CHARS ? json : json.substring(0, QUOTED_CHARS) + "...";
    }
}
