package dev.taskfleet.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskLimits;
import dev.taskfleet.contract.TaskValidator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The committed {@code examples/demo-batch.jsonl}: valid, unique, the promised mix, and in sync with its generator. */
class ExampleBatchFileTest {

    private static final Path FILE = Path.of("..").resolve(DemoBatch.DEFAULT_FILE);
    private static final Set<String> SENIOR = Set.of("architecture-review", "security-review",
            "performance-investigation", "concurrency-bug", "migration-design");
    private static final Set<String> JUNIOR = Set.of("refactor", "rename", "boilerplate", "unit-test", "docstring",
            "format", "scaffold");

    private final List<String> lines = DemoBatch.read(FILE);

    @Test
    void everyLineIsAValidSubmissionWithAUniqueId() throws Exception {
        TaskValidator validator = new TaskValidator(TaskLimits.defaults(List.of("fast", "quality")));
        List<Task> tasks = new ArrayList<>();
        for (String line : lines) {
            JsonNode json = EventCodec.mapper().readTree(line);
            tasks.add(validator.fromSubmission(json, "demo", Task.DEFAULT_TEAM, Instant.EPOCH, () -> {
                throw new AssertionError("every example task has an id: " + line);
            }));
        }

        assertThat(tasks).hasSize(1000);
        assertThat(tasks).extracting(Task::id).doesNotHaveDuplicates().first().isEqualTo("demo-0001");
        assertThat(tasks).extracting(Task::id).last().isEqualTo("demo-1000");
    }

    @Test
    void isAboutSeventyPercentRoutineWorkWithSomeTierHintsAndLabels() throws Exception {
        int senior = 0;
        int hinted = 0;
        for (String line : lines) {
            JsonNode task = EventCodec.mapper().readTree(line);
            String type = task.get("type").textValue();
            assertThat(SENIOR.contains(type) || JUNIOR.contains(type)).as(type).isTrue();
            senior += SENIOR.contains(type) ? 1 : 0;
            hinted += task.has("tierHint") ? 1 : 0;
            assertThat(task.path("labels").path("repo").isTextual()).isTrue();
            assertThat(task.path("labels").path("team").isTextual()).isTrue();
        }
        assertThat(senior).isBetween(250, 350);
        assertThat(hinted).isBetween(5, 60);
    }

    @Test
    void isExactlyWhatTheGeneratorWritesForTheDefaultSeed() {
        assertThat(lines).isEqualTo(DemoBatchGenerator.generate(DemoBatchGenerator.DEFAULT_COUNT,
                DemoBatchGenerator.DEFAULT_SEED));
    }
}
