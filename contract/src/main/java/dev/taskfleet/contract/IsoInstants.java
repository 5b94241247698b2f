package dev.taskfleet.contract;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * Reads the instants every event carries ({@code createdAt}, {@code finishedAt}, each attempt's
 * times) without {@link java.time.format.DateTimeFormatter}: in a profile of the router in the
 * pipeline benchmark, parsing them through the formatter took 7% of its CPU samples. The result
 * summary's reader ({@link ResultSummaryCodec}) uses the same parser.
 *
 * <p>Only the form the fleet writes ({@link java.time.format.DateTimeFormatter#ISO_INSTANT} for
 * years 0000 to 9999: {@code YYYY-MM-DDTHH:MM:SS}, an optional fraction of one to nine digits,
 * {@code Z}) is read here, to the same instant {@link Instant#parse} gives. Anything else (an
 * offset, lower case, a leap second, a date that does not exist, a number) goes to Jackson's own
 * {@link InstantDeserializer}, so what it accepts and the errors it reports are unchanged.
 */
final class IsoInstants {

    private static final int[] NANOS_PER_DIGIT = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100,
        10, 1};
    private static final int SHORTEST = "0000-00-00T00:00:00Z".length();
    private static final int LONGEST = "0000-00-00T00:00:00.000000000Z".length();

    private IsoInstants() {
    }

    /** The instant {@code text} names in the fleet's form, or {@code null} when it has another form. */
    static Instant parseWrittenForm(String text) {
        int length = text.length();
        if (length < SHORTEST || length > LONGEST || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || text.charAt(length - 1) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || day > Month.of(month).length(Year.isLeap(year))) {
            return null;
        }
        int nanos = 0;
        if (length > SHORTEST) {
            int fractionDigits = length - SHORTEST - 1;
            int fraction = text.charAt(19) == '.' && fractionDigits > 0 ? digits(text, 20, fractionDigits) : -1;
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * NANOS_PER_DIGIT[fractionDigits];
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal number in {@code count} (at most nine) characters from {@code from}, or -1 if one is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /**
     * The events' {@link Instant} deserializer: the written form here, everything else as before.
     * A property that asks for another format ({@code @JsonFormat}) gets Jackson's own, contextualised.
     */
    static final class Deserializer extends StdScalarDeserializer<Instant> implements ContextualDeserializer {

        private static final long serialVersionUID = 1L;

        Deserializer() {
            super(Instant.class);
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
                throws JsonMappingException {
            JsonDeserializer<?> jacksons = InstantDeserializer.INSTANT.createContextual(context, property);
            return jacksons == InstantDeserializer.INSTANT ? this : jacksons;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.DateTime;
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant written = parseWrittenForm(parser.getText());
                if (written != null) {
                    return written;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }
    }
}
