package dev.taskfleet.contract;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Decodes a record of {@code <prefix>.results} to a {@link ResultSummary} without turning the
 * model's answer into a string: the answer is most of a result's bytes, and a reader that only
 * counts results (the producer's batch tracker reads every one) never looks at it.
 *
 * <p>It refuses exactly what {@link EventCodec#decodeResult(byte[])} refuses, with the same
 * reason and message, and otherwise yields the summary of the result that method would yield.
 * It gets there in two steps. A fast step checks the bytes as {@link EventCodec}'s own one pass
 * does (strict UTF-8, no encoding Jackson could guess otherwise), then binds the bytes in one pass
 * to a {@link TaskResult} whose {@code output} is only checked to be a JSON string and then
 * skipped; that result (its {@code output} always {@code null}) never leaves this class. The fast
 * step takes only payloads it is sure the codec reads the same way; anything else (any error, a
 * {@code schemaVersion} that is not a plain integer in range, an answer that is not a string, an
 * instant not written as the fleet writes them, a repeated field, a byte-order mark) is handed to
 * {@link EventCodec#decodeResult(byte[])} itself, so refusals and their messages (which never
 * quote the payload) stay the codec's own, and the rare odd payload the codec accepts is
 * summarised from its whole result.
 *
 * <p>Thread-safe.
 */
public final class ResultSummaryCodec {

    // A copy of the codec's mapper (its modules and features) whose TaskResult binding skips the
    // answer, takes schemaVersion only as an integer and instants only in the fleet's own form.
    // Duplicate detection: the codec reads a tree, where a repeated field's last value wins, while
    // binding from a stream may keep either, so a repeated field goes to the codec's path instead.
    private static final ObjectReader READER = EventCodec.mapper().copy()
            .addMixIn(TaskResult.class, LeanResult.class)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .readerFor(TaskResult.class);

    private ResultSummaryCodec() {
    }

    /**
     * The summary of the result in a Kafka record value; refuses what
     * {@link EventCodec#decodeResult(byte[])} refuses, in the same words.
     */
    public static ResultSummary decode(byte[] value) throws EventDecodingException {
        TaskResult lean = value == null ? null : fast(value);
        return ResultSummary.of(lean != null ? lean : EventCodec.decodeResult(value));
    }

    /**
     * The result without its answer, or {@code null} when the payload is for the codec to judge;
     * package-private so tests can tell that the payloads they make take this step.
     */
    static TaskResult fast(byte[] value) {
        if (!EventCodec.readableInOnePass(value)) {
            return null;
        }
        TaskResult result;
        try {
            result = READER.readValue(value);
        } catch (IOException | RuntimeException e) {
            // Whatever the binding threw, the codec's path decides what it means and how to say it.
            return null;
        }
        if (result == null || result.schemaVersion() < 1 || result.schemaVersion() > EventCodec.SCHEMA_VERSION) {
            return null;
        }
        return result;
    }

    /** Mix-in: how the fast step binds {@link TaskResult}; names must match its components. */
    private abstract static class LeanResult {

        @JsonDeserialize(using = PlainInt.class)
        abstract int schemaVersion();

        @JsonDeserialize(using = SkippedText.class)
        abstract String output();

        @JsonDeserialize(using = CanonicalInstant.class)
        abstract Instant finishedAt();

        @JsonDeserialize(using = CanonicalInstant.class)
        abstract Instant submittedAt();
    }

    /**
     * A JSON string, skipped unread: the parser then steps over it without decoding it. Anything
     * else, even a number the codec would turn into text, is an error that sends the payload to
     * the codec.
     */
    private static final class SkippedText extends StdDeserializer<String> {

        SkippedText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                return null;
            }
            return (String) context.handleUnexpectedToken(String.class, parser);
        }
    }

    /**
     * An instant as the fleet writes one, read by {@link IsoInstants#parseWrittenForm}. Any other
     * form, valid or not, is an error that sends the payload to the codec, whose deserializer judges it.
     */
    private static final class CanonicalInstant extends StdDeserializer<Instant> {

        CanonicalInstant() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            Instant instant = parser.currentToken() == JsonToken.VALUE_STRING
                    ? IsoInstants.parseWrittenForm(parser.getText()) : null;
            return instant != null ? instant : (Instant) context.handleUnexpectedToken(Instant.class, parser);
        }
    }

    /**
     * An integer literal within int's range. The codec's version check refuses a version written
     * as a string or a boolean, which binding would accept, so those go to the codec.
     */
    private static final class PlainInt extends StdDeserializer<Integer> {

        PlainInt() {
            super(Integer.class);
        }

        @Override
        public Integer deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT
                    && parser.getNumberType() == JsonParser.NumberType.INT) {
                return parser.getIntValue();
            }
            return (Integer) context.handleUnexpectedToken(Integer.class, parser);
        }
    }
}
