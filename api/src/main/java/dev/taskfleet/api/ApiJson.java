package dev.taskfleet.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * How a client reads and writes the API's JSON: instants as ISO-8601 text, fields it does not
 * know ignored and enum values it does not know read as {@code null}, so that a client keeps
 * working when a newer producer adds to the API. Thread-safe; one shared mapper.
 */
public final class ApiJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private ApiJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
