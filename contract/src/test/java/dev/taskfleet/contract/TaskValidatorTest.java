package dev.taskfleet.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskValidatorTest {

    private final TaskValidator validator = new TaskValidator(
            new TaskLimits(List.of("fast", "quality"), 50, 2, 10));
    private final Instant now = Instant.parse("2026-01-01T00:00:00Z");

    private Task submit(String json) throws Exception {
        JsonNode node = EventCodec.mapper().readTree(json);
        return validator.fromSubmission(node, "batch-1", "payments", now, () -> "generated-id");
    }

    @Test
    void acceptsAMinimalTaskAndGeneratesItsId() throws Exception {
        Task task = submit("{\"type\":\"refactor\",\"prompt\":\"rename x\"}");

        assertThat(task.id()).isEqualTo("generated-id");
        assertThat(task.batchId()).isEqualTo("batch-1");
        assertThat(task.createdAt()).isEqualTo(now);
        assertThat(task.schemaVersion()).isEqualTo(EventCodec.SCHEMA_VERSION);
        assertThat(task.team()).as("stamped from the caller, never from the task").isEqualTo("payments");
        assertThat(task.run()).isEqualTo(1);
    }

    @Test
    void aPromptAloneIsAWholeTask() throws Exception {
        Task task = submit("{\"prompt\":\"Find the race in the session cache\"}");

        assertThat(task.type()).as("type is optional: the heuristic routes on the prompt").isNull();
        assertThat(task.prompt()).isEqualTo("Find the race in the session cache");
        validator.check(task);
        assertThat(submit("{\"type\":null,\"prompt\":\"p\"}").type()).isNull();
    }

    @Test
    void aTaskDeadlineWinsOverTheBatchDeadlineAndNeitherMeansNone() throws Exception {
        JsonNode own = EventCodec.mapper().readTree("{\"prompt\":\"p\",\"deadline\":\"90m\"}");
        JsonNode plain = EventCodec.mapper().readTree("{\"prompt\":\"p\"}");

        assertThat(validator.fromSubmission(own, "b", "payments", now, () -> "x", Duration.ofDays(1)).deadline())
                .isEqualTo(Duration.ofMinutes(90));
        assertThat(validator.fromSubmission(plain, "b", "payments", now, () -> "x", Duration.ofDays(1)).deadline())
                .isEqualTo(Duration.ofDays(1));
        assertThat(submit("{\"prompt\":\"p\"}").deadline()).isNull();
        assertThat(submit("{\"prompt\":\"p\",\"deadline\":\"PT24H\"}").deadline()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void aTaskPriorityWinsOverTheBatchPriorityAndNeitherMeansStandard() throws Exception {
        JsonNode own = EventCodec.mapper().readTree("{\"prompt\":\"p\",\"priority\":\"Interactive\"}");
        JsonNode plain = EventCodec.mapper().readTree("{\"prompt\":\"p\"}");
        assertThat(validator.fromSubmission(own, "b", "payments", now, () -> "x", null, Priority.BULK).priority())
                .isEqualTo(Priority.INTERACTIVE);
        assertThat(validator.fromSubmission(plain, "b", "payments", now, () -> "x", null, Priority.BULK).priority())
                .isEqualTo(Priority.BULK);
        assertThat(submit("{\"prompt\":\"p\"}").priority()).isEqualTo(Priority.STANDARD);
    }

    @Test
    void refusesAnUnknownPriorityNamingTheFieldAndTheClasses() {
        assertThatThrownBy(() -> submit("{\"prompt\":\"p\",\"priority\":\"urgent\"}"))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessage("field 'priority': 'urgent' is not a priority; use interactive, standard, bulk");
    }

    @Test
    void refusesABadDeadlineNamingTheField() {
        assertThatThrownBy(() -> submit("{\"prompt\":\"p\",\"deadline\":\"tomorrow\"}"))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessage("field 'deadline': 'tomorrow' is not a duration; write how long you are willing to wait,"
                        + " e.g. 90m, 2h, 24h, 3d or PT24H");
        assertThatThrownBy(() -> submit("{\"prompt\":\"p\",\"deadline\":\"0h\"}"))
                .hasMessage("field 'deadline': must be positive, was PT0S");
        assertThatThrownBy(() -> submit("{\"prompt\":\"p\",\"deadline\":\"31d\"}"))
                .hasMessage("field 'deadline': is 31 days; the longest is 30 days");
        assertThatThrownBy(() -> submit("{\"prompt\":\"p\",\"deadline\":24}"))
                .hasMessage("field 'deadline': must be a string, was number");
    }

    @Test
    void acceptsAnExpectationAndRefusesABadOneNamingTheField() throws Exception {
        Task task = submit("{\"type\":\"review\",\"prompt\":\"p\",\"expect\":{\"kind\":\"json-schema\","
                + "\"schema\":{\"type\":\"object\"}}}");

        assertThat(task.expect().kind()).isEqualTo(OutputExpectation.Kind.JSON_SCHEMA);
        assertThatThrownBy(() -> submit("{\"type\":\"r\",\"prompt\":\"p\",\"expect\":{\"kind\":\"xml\"}}"))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining("expect.kind").hasMessageContaining("'xml' is not a kind");
        assertThatThrownBy(() -> submit("{\"type\":\"r\",\"prompt\":\"p\",\"expect\":{\"kind\":\"regex\",\"pattern\":\"[\"}}"))
                .hasMessageContaining("expect.pattern");
        assertThatThrownBy(() -> submit("{\"type\":\"r\",\"prompt\":\"p\",\"expect\":{\"kind\":\"json\",\"strict\":true}}"))
                .hasMessageContaining("expect.strict");
        assertThatThrownBy(() -> submit("{\"type\":\"r\",\"prompt\":\"p\",\"team\":\"other\"}"))
                .as("a task cannot choose its team").hasMessageContaining("'team'");
    }

    @Test
    void keepsAClientSuppliedIdHintAndLabels() throws Exception {
        Task task = submit("{\"id\":\"my-1\",\"type\":\"review\",\"prompt\":\"p\",\"tierHint\":\"quality\","
                + "\"labels\":{\"repo\":\"core\"}}");

        assertThat(task.id()).isEqualTo("my-1");
        assertThat(task.tierHint()).isEqualTo("quality");
        assertThat(task.labels()).containsEntry("repo", "core");
    }

    @Test
    void namesTheFieldThatIsWrong() {
        assertThatThrownBy(() -> submit("{\"type\":\"refactor\"}"))
                .isInstanceOf(InvalidTaskException.class).hasMessage("field 'prompt': is required");
        assertThatThrownBy(() -> submit("{\"type\":\"refactor\",\"prompt\":\"   \"}"))
                .hasMessageContaining("'prompt'");
        assertThatThrownBy(() -> submit("{\"type\":\"refactor\",\"prompt\":\"" + "x".repeat(51) + "\"}"))
                .hasMessage("field 'prompt': is 51 characters; the limit is 50");
        assertThatThrownBy(() -> submit("{\"type\":\"refactor\",\"prompt\":\"p\",\"tierHint\":\"gold\"}"))
                .hasMessage("field 'tierHint': 'gold' is not a tier; known tiers are fast, quality");
        assertThatThrownBy(() -> submit("{\"type\":7,\"prompt\":\"p\"}"))
                .hasMessage("field 'type': must be a string, was number");
        assertThatThrownBy(() -> submit("{\"type\":\"\",\"prompt\":\"p\"}"))
                .hasMessageStartingWith("field 'type': must be 1-64 characters");
        assertThatThrownBy(() -> submit("{\"type\":\"a b\",\"prompt\":\"p\"}"))
                .hasMessageStartingWith("field 'type': must be 1-64 characters");
        assertThatThrownBy(() -> submit("{\"id\":\"has space\",\"type\":\"t\",\"prompt\":\"p\"}"))
                .hasMessageStartingWith("field 'id':");
        assertThatThrownBy(() -> submit("{\"type\":\"t\",\"prompt\":\"p\",\"labels\":{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}}"))
                .hasMessage("field 'labels': has 3 entries; the limit is 2");
        assertThatThrownBy(() -> submit("{\"type\":\"t\",\"prompt\":\"p\",\"labels\":{\"a\":1}}"))
                .hasMessage("field 'labels': value of 'a' must be a string");
        assertThatThrownBy(() -> submit("[]"))
                .hasMessage("field 'task': must be a JSON object");
    }

    @Test
    void refusesUnknownFieldsBecauseTheyAreUsuallyTypos() {
        assertThatThrownBy(() -> submit("{\"type\":\"t\",\"prompt\":\"p\",\"tier_hint\":\"fast\"}"))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessageStartingWith("field 'tier_hint': is not a known field")
                .hasMessageContaining("tierHint");
    }

    @Test
    void topicNamesComeFromOnePrefix() {
        TopicNames topics = new TopicNames("acme");

        assertThat(topics.tasks()).isEqualTo("acme.tasks");
        assertThat(topics.tier("quality")).isEqualTo("acme.tasks.quality");
        assertThat(topics.results()).isEqualTo("acme.results");
        assertThat(topics.deadLetters()).isEqualTo("acme.dlq");
        assertThatThrownBy(() -> topics.tier("Fast Lane")).hasMessageContaining("tier name 'Fast Lane'");
        assertThatThrownBy(() -> new TopicNames("bad prefix")).hasMessageContaining("topic prefix");
    }
}
