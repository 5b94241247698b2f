package dev.taskfleet.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class OutputCheckTest {

    private static JsonNode json(String text) throws Exception {
        return EventCodec.mapper().readTree(text);
    }

    @Test
    void jsonAcceptsAnyJsonDocumentAndRejectsProse() throws Exception {
        OutputCheck check = OutputCheck.compile(OutputExpectation.json());

        assertThat(check.violation("{\"a\": 1}\n")).isEmpty();
        assertThat(check.violation("[1, 2]")).isEmpty();
        assertThat(check.violation("Sure! Here is the JSON: {\"a\": 1}")).contains("the answer is not valid JSON");
        assertThat(check.violation(null)).contains("the answer is empty");
    }

    @Test
    void regexMustBeFoundInTheAnswer() throws Exception {
        OutputCheck check = OutputCheck.compile(OutputExpectation.regex("^VERDICT: (PASS|FAIL)$"));

        assertThat(check.violation("VERDICT: PASS")).isEmpty();
        assertThat(check.violation("I think it passes")).hasValueSatisfying(
                reason -> assertThat(reason).contains("does not match the pattern ^VERDICT"));
    }

    @Test
    void aCatastrophicPatternRunsOutOfTimeInsteadOfHoldingTheThread() throws Exception {
        OutputCheck check = OutputCheck.compile(OutputExpectation.regex("(.*a){12}$"));

        // Takes several seconds unbounded on JDK 17 (measured by hand); the budget stops it at 1 s.
        assertThat(check.violation("a".repeat(30) + "!")).hasValueSatisfying(
                reason -> assertThat(reason).contains("took longer than"));
    }

    @Test
    void aCatastrophicPatternInsideASchemaRunsOutOfTimeToo() throws Exception {
        OutputCheck check = OutputCheck.compile(OutputExpectation.jsonSchema(json(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"pattern\":\"(.*a){12}$\"}}}")));

        assertThat(check.violation("{\"a\":\"" + "a".repeat(30) + "!\"}")).hasValueSatisfying(
                reason -> assertThat(reason).contains("took longer than"));
        assertThat(check.violation("{\"a\":\"" + "a".repeat(12) + "\"}")).as("a normal match still passes").isEmpty();
    }

    @Test
    void schemaNamesTheFirstViolation() throws Exception {
        OutputCheck check = OutputCheck.compile(OutputExpectation.jsonSchema(json(
                "{\"type\":\"object\",\"required\":[\"severity\"],"
                        + "\"properties\":{\"severity\":{\"enum\":[\"low\",\"high\"]}}}")));

        assertThat(check.violation("{\"severity\":\"high\"}")).isEmpty();
        assertThat(check.violation("{\"severity\":\"urgent\"}")).hasValueSatisfying(
                reason -> assertThat(reason).startsWith("the answer does not match the schema").contains("severity"));
        assertThat(check.violation("{}")).hasValueSatisfying(reason -> assertThat(reason).contains("severity"));
        assertThat(check.violation("not json")).contains("the answer is not valid JSON, so it cannot match the schema");
    }

    @Test
    void badExpectationsAreRefusedNamingTheField() throws Exception {
        assertThatThrownBy(() -> OutputCheck.compile(OutputExpectation.regex("(unclosed")))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessageStartingWith("field 'expect.pattern': is not a valid regular expression");
        assertThatThrownBy(() -> OutputCheck.compile(OutputExpectation.regex(null)))
                .hasMessageContaining("field 'expect.pattern': is required for kind regex");
        assertThatThrownBy(() -> OutputCheck.compile(OutputExpectation.jsonSchema(json("[1]"))))
                .hasMessageContaining("field 'expect.schema': is required for kind json-schema and must be a JSON object");
        assertThatThrownBy(() -> OutputCheck.compile(OutputExpectation.jsonSchema(
                json("{\"$ref\":\"https://example.com/evil.json\"}"))))
                .hasMessageContaining("remote references are not fetched");
    }
}
