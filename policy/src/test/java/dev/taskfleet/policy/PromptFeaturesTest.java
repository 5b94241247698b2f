package dev.taskfleet.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The measurements behind the heuristic: signals, code lines, fenced blocks, files. */
class PromptFeaturesTest {

    private final SignalScanner scanner = new SignalScanner(List.of("migrat", "trade-off", "test stub", "race"));

    @Test
    void signalsMatchWordPrefixesCaseInsensitively() {
        assertThat(found("The MIGRATION and the races")).containsExactly("migrat", "race");
        assertThat(found("a trace of grace; immigration")).isEmpty();
    }

    @Test
    void separatorsInsideSignalsMatchAnySeparatorRun() {
        assertThat(found("the trade off, a trade_off, a trade -  off")).containsExactly("trade-off");
        assertThat(found("write a test-stub")).containsExactly("test-stub");
        assertThat(found("tradeoff and test")).isEmpty();
    }

    @Test
    void malformedSignalsAreRefused() {
        assertThatThrownBy(() -> new SignalScanner(List.of("c++"))).hasMessageContaining("bad signal 'c++'");
        assertThatThrownBy(() -> new SignalScanner(List.of("race", "RACE"))).hasMessageContaining("listed twice");
    }

    @Test
    void codeLinesCountFencesIndentationAndCodeEndings() {
        PromptShape shape = PromptShape.of("""
                Fix this:
                ```
                a = 1
                b = 2
                ```
                    indented();
                x = y;
                if (ok) {
                }
                plain sentence.
                ```python
                print(1)
                ```
                """);

        assertThat(shape.fencedBlocks()).isEqualTo(2);
        assertThat(shape.codeLines()).isEqualTo(7);
    }

    @Test
    void filesAreDistinctPathLikeWords() {
        PromptShape shape = PromptShape.of("Change `src/a/B.java`, src/a/B.java and (pom.xml); see docs/guide.md."
                + " Not e.g. this, not 3.14, not https://example.com/x.html, not notes.txt or src/dir/");

        assertThat(shape.filesTouched()).isEqualTo(3);
    }

    private List<String> found(String text) {
        boolean[] found = new boolean[scanner.size()];
        scanner.scan(text, found);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < found.length; i++) {
            if (found[i]) {
                names.add(scanner.signal(i));
            }
        }
        return names;
    }
}
