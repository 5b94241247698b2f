package dev.taskfleet.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The events' instant reader against {@link Instant#parse} and Jackson's own deserializer: the same
 * instant for every string of the written form, and the other forms left to Jackson.
 */
class IsoInstantsTest {

    /** Jackson's instant reading as it was before {@link IsoInstants}. */
    private static final ObjectMapper JACKSONS_OWN = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    record Stamped(Instant at) {
    }

    @Test
    void everyWrittenInstantReadsAsInstantParseReadsIt() {
        Random random = new Random(42);
        long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            long second = first + (long) (random.nextDouble() * (last - first));
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            String written = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(second, nanos));

            assertThat(IsoInstants.parseWrittenForm(written)).as(written).isEqualTo(Instant.parse(written));
        }
    }

    @Test
    void aFractionOfAnyLengthFromOneToNineDigitsReadsAsInstantParseReadsIt() {
        for (int digits = 1; digits <= 9; digits++) {
            String text = "2026-12-05T17:31:25." + "123456789".substring(0, digits) + "Z";

            assertThat(IsoInstants.parseWrittenForm(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000-01-01T00:00:00Z", "0000-02-29T12:00:00Z", "2000-02-29T00:00:00Z",
        "2024-02-29T23:59:59.000000001Z", "9999-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.5Z", "2026-01-31T00:00:00Z", "2026-02-28T00:00:00Z", "2026-03-31T00:00:00Z",
        "2026-04-30T00:00:00Z", "2026-05-31T00:00:00Z", "2026-06-30T00:00:00Z", "2026-07-31T00:00:00Z",
        "2026-08-31T00:00:00Z", "2026-09-30T00:00:00Z", "2026-10-31T00:00:00Z", "2026-11-30T00:00:00Z",
        "2026-12-31T23:59:59Z"})
    void theEdgesOfTheCalendarReadAsInstantParseReadsThem(String text) {
        assertThat(IsoInstants.parseWrittenForm(text)).as(text).isEqualTo(Instant.parse(text));
    }

    /** Every other test would pass without the override: the results are the same by design. */
    @Test
    void theEventMapperReadsInstantsWithTheOverride() throws Exception {
        ObjectMapper mapper = EventCodec.mapper();
        DefaultDeserializationContext context = ((DefaultDeserializationContext) mapper.getDeserializationContext())
                .createInstance(mapper.getDeserializationConfig(), null, null);

        assertThat(context.findRootValueDeserializer(mapper.constructType(Instant.class)))
                .isInstanceOf(IsoInstants.Deserializer.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-05T18:31:25+01:00", "2026-12-05t17:31:25z", "2026-12-31T23:59:60Z",
        "2026-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-00-01T00:00:00Z",
        "2026-12-00T00:00:00Z", "2026-12-05T24:00:00Z", "2026-12-05T17:60:00Z", "2026-12-05T17:31:25.Z",
        "2026-12-05T17:31:25.1234567890Z", "2026-12-05T17:31:25,5Z", "+10000-01-01T00:00:00Z", "2026-12-05 17:31:25Z",
        "2026-12-05T17:31:2xZ", " 2026-12-05T17:31:25Z", "2026-12-05T17:31:25", ""})
    void otherFormsAreLeftToJacksonAndReadAsJacksonReadsThem(String text) throws Exception {
        assertThat(IsoInstants.parseWrittenForm(text)).as(text).isNull();

        String json = "{\"at\":\"" + text + "\"}";
        Object jacksons = read(JACKSONS_OWN, json);
        Object ours = read(EventCodec.mapper(), json);
        assertThat(ours).as(text).isEqualTo(jacksons);
    }

    @Test
    void theEventMapperReadsTheWrittenFormAndNumbersAsBefore() throws Exception {
        for (String json : List.of("{\"at\":\"2026-12-05T17:31:25.123456Z\"}", "{\"at\":1733420000}",
                "{\"at\":1733420000.5}", "{\"at\":null}")) {
            assertThat(read(EventCodec.mapper(), json)).as(json).isEqualTo(read(JACKSONS_OWN, json));
        }
    }

    /** The record read, or the failure's class and message without its location. */
    private static Object read(ObjectMapper mapper, String json) {
        Throwable failure = catchThrowable(() -> mapper.readValue(json, Stamped.class));
        if (failure == null) {
            try {
                return mapper.readValue(json, Stamped.class);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        String message = failure instanceof com.fasterxml.jackson.core.JsonProcessingException processing
                ? processing.getOriginalMessage() : failure.getMessage();
        return failure.getClass().getName() + ": " + message;
    }
}
