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

    @Test
    void filesAreCountedOnceEachWhereverTheyStandAmongOtherWords() {
        // Each path in PATHS counts once however often and however wrapped it appears; no other
        // word may count, dots or not.
        List<String> paths = List.of("src/a/B.java", "pom.xml", "dir/file.tar.gz", "README.md", "x/y.Z9",
                "lib/\u00e9t\u00e9.py");
        List<String> others = List.of("e.g.", "3.14", "v1.2.3", "notes.txt", "https://example.com/x.html", "...",
                ".", "x.", ".java", "src/dir/", "word", "a.b.q", "\u00e9.\u00e0", "Done.", "(see", "it).");
        String[] wrappers = {"%s", "`%s`", "(%s)", "\"%s\",", "%s.", "<%s>;", "*%s*"};
        String[] spaces = {" ", "  ", "\t", "\n", " \n\t"};
        java.util.Random random = new java.util.Random(11);
        for (int round = 0; round < 2_000; round++) {
            StringBuilder prompt = new StringBuilder();
            java.util.Set<String> named = new java.util.HashSet<>();
            for (int words = random.nextInt(30); words > 0; words--) {
                String word;
                if (random.nextInt(3) == 0) {
                    word = paths.get(random.nextInt(paths.size()));
                    named.add(word);
                } else {
                    word = others.get(random.nextInt(others.size()));
                }
                prompt.append(String.format(wrappers[random.nextInt(wrappers.length)], word))
                        .append(spaces[random.nextInt(spaces.length)]);
            }
            String text = random.nextBoolean() ? prompt.toString().strip() : prompt.toString();

            assertThat(PromptShape.of(text).filesTouched()).as(text).isEqualTo(named.size());
        }
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
