package dev.taskfleet.contract;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Reads and writes events as JSON. Readers ignore unknown fields and refuse schema versions
 * newer than {@link #SCHEMA_VERSION}; every refusal says what was wrong.
 *
 * <p>Every service decodes every record it reads, so decoding takes one pass where it can: a
 * well-formed payload is bound straight from its bytes and its version checked on the event. Only
 * a payload that pass refuses goes the long way (text, tree, then the event), which finds what is
 * wrong and names it; both ways accept and refuse the same payloads.
 *
 * <p>Thread-safe; one shared mapper.
 */
public final class EventCodec {

    /** The contract version this build writes and the newest it reads. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // After JavaTimeModule, so it takes Instant over from it; see IsoInstants.
            .addModule(new SimpleModule("taskfleet-instants").addDeserializer(Instant.class, new IsoInstants.Deserializer()))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /**
     * Binds events in one pass. It is stricter than {@link #bind}: a number given as a string or a
     * boolean, which binding from a tree would coerce, is left to the long way, since that is where
     * {@code schemaVersion} must be refused for it ({@link #tree}).
     */
    private static final ObjectMapper ONE_PASS = onePassMapper();

    private static final List<String> KNOWN_BATCH_EVENT_TYPES =
            Arrays.stream(BatchEvent.Type.values()).map(Enum::name).toList();

    private EventCodec() {
    }

    private static ObjectMapper onePassMapper() {
        ObjectMapper strict = MAPPER.copy();
        strict.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return strict;
    }

    /** The mapper used for events; share it rather than building another. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String encode(Object event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    /** The UTF-8 bytes of {@link #encode}, written directly: for a record value, without a String in between. */
    public static byte[] encodeToBytes(Object event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    /** Decodes a Kafka record value; see {@link #utf8(byte[])} for why decoding is strict. */
    public static Task decodeTask(byte[] value) throws EventDecodingException {
        return decode(value, Task.class, Task::schemaVersion);
    }

    /** Decodes a Kafka record value; see {@link #utf8(byte[])} for why decoding is strict. */
    public static RoutedTask decodeRoutedTask(byte[] value) throws EventDecodingException {
        return decode(value, RoutedTask.class, RoutedTask::schemaVersion);
    }

    /**
     * Strict UTF-8: JSON is UTF-8, and replacing broken bytes with U+FFFD would alter a prompt
     * silently, so such a payload is refused as {@link DeadLetterReasons#UNPARSEABLE} instead. A {@code null}
     * value (a tombstone) decodes to {@code null} and is refused by the JSON step.
     */
    public static String utf8(byte[] value) throws EventDecodingException {
        return value == null ? null : utf8(value, 0, value.length);
    }

    /** Strict UTF-8 of {@code length} bytes from {@code offset}, e.g. one line of a larger buffer. */
    public static String utf8(byte[] bytes, int offset, int length) throws EventDecodingException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new EventDecodingException(DeadLetterReasons.UNPARSEABLE, "payload is not UTF-8 text", e);
        }
    }

    public static Task decodeTask(String json) throws EventDecodingException {
        return decode(json, Task.class);
    }

    public static RoutedTask decodeRoutedTask(String json) throws EventDecodingException {
        return decode(json, RoutedTask.class);
    }

    public static TaskResult decodeResult(String json) throws EventDecodingException {
        return decode(json, TaskResult.class);
    }

    public static TaskResult decodeResult(byte[] value) throws EventDecodingException {
        return decode(value, TaskResult.class, TaskResult::schemaVersion);
    }

    public static EscalationRequest decodeEscalation(byte[] value) throws EventDecodingException {
        return decode(value, EscalationRequest.class, EscalationRequest::schemaVersion);
    }

    public static EscalationRequest decodeEscalation(String json) throws EventDecodingException {
        return decode(json, EscalationRequest.class);
    }

    /**
     * Decodes a record of {@code <prefix>.batches}: empty when its {@code type} is one this build
     * does not know (written by a newer service), which a reader skips rather than sets aside, so
     * that adding a type of batch event never stops an older reader.
     */
    public static Optional<BatchEvent> decodeBatchEvent(byte[] value) throws EventDecodingException {
        // A type this build does not know fails the one pass and is recognised the long way.
        BatchEvent event = onePass(value, BatchEvent.class, BatchEvent::schemaVersion);
        return event != null ? Optional.of(event) : decodeBatchEvent(utf8(value));
    }

    /** See {@link #decodeBatchEvent(byte[])}. */
    public static Optional<BatchEvent> decodeBatchEvent(String json) throws EventDecodingException {
        String kind = BatchEvent.class.getSimpleName();
        JsonNode tree = tree(json, kind);
        JsonNode type = tree.get("type");
        if (type != null && type.isTextual() && KNOWN_BATCH_EVENT_TYPES.stream().noneMatch(type.asText()::equals)) {
            return Optional.empty();
        }
        return Optional.of(bind(tree, BatchEvent.class, kind));
    }

    public static ProviderBatch decodeProviderBatch(byte[] value) throws EventDecodingException {
        return decode(utf8(value), ProviderBatch.class);
    }

    public static ProviderBatchRequest decodeProviderBatchRequest(byte[] value) throws EventDecodingException {
        return decode(utf8(value), ProviderBatchRequest.class);
    }

    /** One pass from the bytes when they are well-formed and bind to a readable event; else the long way. */
    private static <T> T decode(byte[] value, Class<T> type, ToIntFunction<T> version) throws EventDecodingException {
        T event = onePass(value, type, version);
        return event != null ? event : decode(utf8(value), type);
    }

    /** The event bound straight from {@code value}, or {@code null} when only the long way can answer. */
    private static <T> T onePass(byte[] value, Class<T> type, ToIntFunction<T> version) {
        if (!readableInOnePass(value)) {
            return null;
        }
        try {
            T event = ONE_PASS.readValue(value, type);
            return event != null && readable(version.applyAsInt(event)) ? event : null;
        } catch (IOException | RuntimeException e) {
            // Not an answer yet: the long way finds what is wrong and says it without quoting the
            // payload, which this exception's message may do.
            return null;
        }
    }

    /**
     * Whether Jackson, handed {@code value} as bytes, reads the same characters as the long way's
     * strict UTF-8 text: also for {@link ResultSummaryCodec}, which binds results in one pass too.
     */
    static boolean readableInOnePass(byte[] value) {
        return value != null && readableInOnePass(value, 0, value.length);
    }

    /**
     * As {@link #readableInOnePass(byte[])} for {@code length} bytes from {@code offset}, e.g. one line of a
     * larger buffer: when it holds, Jackson parsing these bytes reads exactly the characters of
     * {@link #utf8(byte[], int, int)}, so a reader may parse them directly instead of decoding them to a
     * {@code String} first.
     */
    public static boolean readableInOnePass(byte[] bytes, int offset, int length) {
        return !mayBeReadAsAnotherEncoding(bytes, offset, length) && Utf8.isWellFormed(bytes, offset, length);
    }

    /**
     * Jackson guesses a byte payload's encoding from its first bytes: a byte-order mark, or a zero
     * byte among the first two, and it reads UTF-16 or UTF-32 where the text of the long way (UTF-8,
     * always) has a BOM or a NUL that no JSON allows. Such payloads take the long way.
     */
    private static boolean mayBeReadAsAnotherEncoding(byte[] bytes, int offset, int length) {
        return length < 2 || bytes[offset] == 0 || bytes[offset + 1] == 0 || bytes[offset] == (byte) 0xEF;
    }

    private static boolean readable(int schemaVersion) {
        return schemaVersion >= 1 && schemaVersion <= SCHEMA_VERSION;
    }

    private static <T> T decode(String json, Class<T> type) throws EventDecodingException {
        String kind = type.getSimpleName();
        return bind(tree(json, kind), type, kind);
    }

    /** The payload as a JSON object of a version this build reads. */
    private static JsonNode tree(String json, String kind) throws EventDecodingException {
        if (json == null || json.isBlank()) {
            throw new EventDecodingException(DeadLetterReasons.UNPARSEABLE,
                    "empty payload where a " + kind + " event was expected");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new EventDecodingException(DeadLetterReasons.UNPARSEABLE, "not valid JSON" + where(e));
        }
        if (tree == null || !tree.isObject()) {
            throw new EventDecodingException(DeadLetterReasons.UNPARSEABLE,
                    "expected a JSON object for a " + kind + " event");
        }
        JsonNode version = tree.get("schemaVersion");
        if (version == null || !version.canConvertToInt() || version.asInt() < 1) {
            throw new EventDecodingException(DeadLetterReasons.INVALID_EVENT,
                    kind + " event has no valid schemaVersion");
        }
        if (version.asInt() > SCHEMA_VERSION) {
            throw new EventDecodingException(DeadLetterReasons.UNSUPPORTED_VERSION, kind + " event has schemaVersion "
                    + version.asInt() + " but this reader supports up to " + SCHEMA_VERSION);
        }
        return tree;
    }

    private static <T> T bind(JsonNode tree, Class<T> type, String kind) throws EventDecodingException {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new EventDecodingException(DeadLetterReasons.INVALID_EVENT,
                    kind + " event is incomplete: " + describe(cause), e);
        } catch (JsonProcessingException e) {
            throw new EventDecodingException(DeadLetterReasons.INVALID_EVENT, kind + " event has a field of the wrong type"
                    + field(e));
        }
    }

    // Decoding messages end up in dead-letter headers and log lines, so they say where the payload
    // is wrong but never quote it, and Jackson's exception is not kept as their cause: its message
    // repeats the offending token or value, which may be a piece of a prompt, an answer or a secret.

    private static String where(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String field(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            return "";
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        String expected = e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                ? " (expected " + mismatch.getTargetType().getSimpleName() + ")" : "";
        return ": '" + path + "'" + expected;
    }

    private static String describe(Throwable cause) {
        // Records throw NullPointerException("<field>") from Objects.requireNonNull.
        if (cause instanceof NullPointerException && cause.getMessage() != null) {
            return "missing field '" + cause.getMessage() + "'";
        }
        return cause.getMessage();
    }
}
