package dev.taskfleet.benchmarks.submission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated batch file: valid JSON lines, prompts within the stated sizes, the same bytes for the same seed. */
class TaskFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyLineIsATaskWithAPromptOfTheStatedSize(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tasks.jsonl");
        long bytes = TaskFile.write(file, "t", 2_000, 42);

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2_000);
        assertThat(bytes).isEqualTo(Files.size(file));
        int shortest = Integer.MAX_VALUE;
        int longest = 0;
        for (String line : lines) {
            JsonNode task = JSON.readTree(line);
            assertThat(task.path("id").asText()).startsWith("t-");
            assertThat(task.path("type").asText()).isNotBlank();
            int length = task.path("prompt").asText().length();
            shortest = Math.min(shortest, length);
            longest = Math.max(longest, length);
        }
        // A "\n" escape is two characters in the file, one in the prompt.
        assertThat(shortest).isGreaterThanOrEqualTo(TaskFile.MIN_PROMPT - 60);
        assertThat(longest).isLessThanOrEqualTo(TaskFile.MAX_PROMPT);
        assertThat(longest).isGreaterThan(TaskFile.MAX_PROMPT - 200);
    }

    @Test
    void sameSeedSameBytes(@TempDir Path dir) throws Exception {
        TaskFile.write(dir.resolve("a"), "t", 300, 7);
        TaskFile.write(dir.resolve("b"), "t", 300, 7);
        TaskFile.write(dir.resolve("c"), "t", 300, 8);

        assertThat(Files.readAllBytes(dir.resolve("a"))).isEqualTo(Files.readAllBytes(dir.resolve("b")));
        assertThat(Files.readAllBytes(dir.resolve("a"))).isNotEqualTo(Files.readAllBytes(dir.resolve("c")));
    }
}
