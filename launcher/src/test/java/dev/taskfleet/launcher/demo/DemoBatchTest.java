package dev.taskfleet.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DemoBatchTest {

    private static final List<String> LINES = List.of(
            "{\"id\":\"demo-0001\",\"type\":\"refactor\",\"prompt\":\"a\"}",
            "{\"id\":\"demo-0002\",\"type\":\"rename\",\"prompt\":\"b\"}",
            "{\"type\":\"format\",\"prompt\":\"no id\"}");

    @Test
    void takesTheFirstLinesWhenFewerAreAsked() {
        assertThat(DemoBatch.select(LINES, 2)).containsExactly(LINES.get(0), LINES.get(1));
        assertThat(DemoBatch.select(LINES, 3)).isEqualTo(LINES);
    }

    @Test
    void cyclesWithPassSuffixedIdsWhenMoreAreAsked() {
        List<String> selected = DemoBatch.select(LINES, 8);

        assertThat(selected).hasSize(8);
        assertThat(selected.subList(0, 3)).isEqualTo(LINES);
        assertThat(selected.get(3)).isEqualTo("{\"id\":\"demo-0001-2\",\"type\":\"refactor\",\"prompt\":\"a\"}");
        assertThat(selected.get(4)).contains("\"id\":\"demo-0002-2\"");
        // A line without an id gets one from the producer, so it is repeated unchanged.
        assertThat(selected.get(5)).isEqualTo(LINES.get(2));
        assertThat(selected.get(6)).contains("\"id\":\"demo-0001-3\"");
        assertThat(selected.get(7)).contains("\"id\":\"demo-0002-3\"");
    }

    @Test
    void passesALineThatIsNotJsonThroughForTheProducerToReport() {
        assertThat(DemoBatch.select(List.of("not json"), 2)).containsExactly("not json", "not json");
    }

    @Test
    void refusesNonPositiveCountsAndEmptyFiles() {
        assertThatThrownBy(() -> DemoBatch.select(LINES, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> DemoBatch.select(List.of(), 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no tasks");
    }

    @Test
    void writesOneTaskPerLine() {
        assertThat(DemoBatch.toJsonl(List.of("{}", "{}"))).isEqualTo("{}\n{}\n");
    }
}
