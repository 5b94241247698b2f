package dev.taskfleet.router.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskLimits;
import dev.taskfleet.contract.TaskValidator;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExplainRequestTest {

    private static final TaskValidator VALIDATOR = new TaskValidator(TaskLimits.defaults(List.of("fast", "quality")));
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void readsNdjsonSkippingBlankLinesAndNumbersTasksWithoutAnId() throws Exception {
        String body = "{\"id\":\"a\",\"type\":\"refactor\",\"prompt\":\"Rename x\"}\n\n"
                + "{\"type\":\"security-review\",\"prompt\":\"Audit it\",\"tierHint\":\"quality\"}\n";

        List<Task> tasks = ExplainRequest.parse(body, VALIDATOR, NOW);

        assertThat(tasks).extracting(Task::id).containsExactly("a", "task-3");
        assertThat(tasks).extracting(Task::type).containsExactly("refactor", "security-review");
        assertThat(tasks.get(1).tierHint()).isEqualTo("quality");
        assertThat(tasks).allSatisfy(task -> {
            assertThat(task.team()).isEqualTo(Task.DEFAULT_TEAM);
            assertThat(task.createdAt()).isEqualTo(NOW);
        });
    }

    @Test
    void readsAJsonArray() throws Exception {
        String body = "[{\"id\":\"a\",\"type\":\"lint\",\"prompt\":\"p\"},{\"id\":\"b\",\"type\":\"lint\",\"prompt\":\"q\"}]";

        assertThat(ExplainRequest.parse(body, VALIDATOR, NOW)).extracting(Task::id).containsExactly("a", "b");
    }

    @Test
    void namesTheLineAndFieldOfAnInvalidNdjsonTask() {
        String body = "{\"type\":\"lint\",\"prompt\":\"p\"}\n{\"type\":\"lint\"}\n";

        assertThatThrownBy(() -> ExplainRequest.parse(body, VALIDATOR, NOW))
                .isInstanceOfSatisfying(ExplainRequest.InvalidInput.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.field()).isEqualTo("prompt");
                    assertThat(e.getMessage()).startsWith("line 2: 'prompt'");
                });
    }

    @Test
    void namesTheIndexOfAnInvalidArrayElement() {
        String body = "[{\"type\":\"lint\",\"prompt\":\"p\"},{\"type\":\"lint\",\"prompt\":\"p\",\"tierHint\":\"gold\"}]";

        assertThatThrownBy(() -> ExplainRequest.parse(body, VALIDATOR, NOW))
                .isInstanceOfSatisfying(ExplainRequest.InvalidInput.class, e -> {
                    assertThat(e.index()).isEqualTo(1);
                    assertThat(e.line()).isNull();
                    assertThat(e.field()).isEqualTo("tierHint");
                });
    }

    @Test
    void rejectsBrokenJsonAndAnEmptyBody() {
        assertThatThrownBy(() -> ExplainRequest.parse("{\"type\":", VALIDATOR, NOW))
                .isInstanceOfSatisfying(ExplainRequest.InvalidInput.class, e -> {
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.field()).isEqualTo("body");
                });
        assertThatThrownBy(() -> ExplainRequest.parse("  \n", VALIDATOR, NOW))
                .isInstanceOfSatisfying(ExplainRequest.InvalidInput.class, e -> assertThat(e.field()).isEqualTo("body"));
    }
}
