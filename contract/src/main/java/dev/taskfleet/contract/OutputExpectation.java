package dev.taskfleet.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Objects;

/**
 * What a good answer looks like, as a task states it: {@code {"kind":"json"}},
 * {@code {"kind":"json-schema","schema":{...}}} or {@code {"kind":"regex","pattern":"..."}}.
 * An answer that fails it is a failed attempt ({@code OUTPUT_REJECTED}); {@link OutputCheck}
 * does the checking.
 *
 * @param kind    which check
 * @param schema  the JSON Schema (draft 2020-12) for {@link Kind#JSON_SCHEMA}, else {@code null}
 * @param pattern the regular expression for {@link Kind#REGEX}, else {@code null}; it must match
 *                somewhere in the answer ({@code find}), anchor it to match the whole answer
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutputExpectation(Kind kind, JsonNode schema, String pattern) {

    public OutputExpectation {
        Objects.requireNonNull(kind, "kind");
    }

    public static OutputExpectation json() {
        return new OutputExpectation(Kind.JSON, null, null);
    }

    public static OutputExpectation jsonSchema(JsonNode schema) {
        return new OutputExpectation(Kind.JSON_SCHEMA, schema, null);
    }

    public static OutputExpectation regex(String pattern) {
        return new OutputExpectation(Kind.REGEX, null, pattern);
    }

    /** The checks a task can ask for; the wire names are lower-case with dashes. */
    public enum Kind {
        JSON("json"),
        JSON_SCHEMA("json-schema"),
        REGEX("regex");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        @JsonValue
        public String wireName() {
            return wireName;
        }

        /** The kind with this wire name, or {@code null} when there is none. */
        @JsonCreator
        public static Kind fromWireName(String name) {
            if (name == null) {
                return null;
            }
            String wanted = name.toLowerCase(Locale.ROOT);
            for (Kind kind : values()) {
                if (kind.wireName.equals(wanted)) {
                    return kind;
                }
            }
            return null;
        }
    }
}
