package dev.taskfleet.launcher.demo;

import static dev.taskfleet.launcher.demo.Results.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final String nl = System.lineSeparator();

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void onATerminalRedrawsTheSameLinesInPlace() {
        ProgressDisplay display = new ProgressDisplay(out, true, Duration.ofSeconds(5));

        display.update(List.of("a1", "b1"), T0);
        display.update(List.of("a2", "b2"), T0.plusSeconds(1));

        assertThat(printed()).isEqualTo(
                "\u001b[2Ka1" + nl + "\u001b[2Kb1" + nl
                        + "\u001b[2F\u001b[2Ka2" + nl + "\u001b[2Kb2" + nl);
    }

    @Test
    void withoutATerminalPrintsPlainLinesAtMostOncePerInterval() {
        ProgressDisplay display = new ProgressDisplay(out, false, Duration.ofSeconds(5));

        display.update(List.of("first"), T0);
        display.update(List.of("too soon"), T0.plusSeconds(4));
        display.update(List.of("second"), T0.plusSeconds(5));
        display.finish(List.of("final"));

        assertThat(printed()).isEqualTo("first" + nl + "second" + nl + "final" + nl).doesNotContain("\u001b");
    }
}
