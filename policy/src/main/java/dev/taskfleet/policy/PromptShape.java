package dev.taskfleet.policy;

import java.util.HashSet;
import java.util.Set;

/**
 * How much code a prompt carries and how many files it names, measured in one pass each.
 *
 * <p>A line counts as code when it is inside a fenced block (a line starting with three
 * backticks opens or closes one), or when it is indented by a tab or four spaces, or when it ends
 * with {@code ;}, <code>{</code> or <code>}</code>. A file is a distinct path-like word: it
 * contains {@code /} and ends in an extension ({@code src/a/B.java}), or it is a bare file name
 * with a well-known source or configuration extension ({@code pom.xml}); URLs do not count.
 *
 * @param codeLines    lines that look like code
 * @param fencedBlocks fenced code blocks opened
 * @param filesTouched distinct file paths named
 */
record PromptShape(int codeLines, int fencedBlocks, int filesTouched) {

    private static final Set<String> KNOWN_EXTENSIONS = Set.of("java", "kt", "scala", "groovy", "py", "rb", "go",
            "rs", "c", "h", "cc", "cpp", "hpp", "cs", "js", "jsx", "ts", "tsx", "php", "swift", "sql", "sh", "xml",
            "yaml", "yml", "json", "toml", "properties", "gradle", "md", "html", "css", "proto", "tf");
    private static final String LEADING_PUNCTUATION = "`'\"([{<*";
    private static final String TRAILING_PUNCTUATION = "`'\".,;:)]}>!?*";

    static PromptShape of(String prompt) {
        int[] code = countCode(prompt);
        return new PromptShape(code[0], code[1], countFiles(prompt));
    }

    private static int[] countCode(String prompt) {
        int codeLines = 0;
        int fences = 0;
        boolean inFence = false;
        int start = 0;
        int length = prompt.length();
        while (start <= length) {
            int end = prompt.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            int first = start;
            while (first < end && (prompt.charAt(first) == ' ' || prompt.charAt(first) == '\t')) {
                first++;
            }
            int last = end - 1;
            while (last >= first && Character.isWhitespace(prompt.charAt(last))) {
                last--;
            }
            if (last >= first) {
                if (prompt.startsWith("```", first)) {
                    inFence = !inFence;
                    fences += inFence ? 1 : 0;
                } else if (inFence || isIndented(prompt, start, first) || endsLikeCode(prompt.charAt(last))) {
                    codeLines++;
                }
            }
            start = end + 1;
        }
        return new int[] {codeLines, fences};
    }

    private static boolean isIndented(String prompt, int lineStart, int firstNonBlank) {
        return prompt.charAt(lineStart) == '\t' || firstNonBlank - lineStart >= 4;
    }

    private static boolean endsLikeCode(char c) {
        return c == ';' || c == '{' || c == '}';
    }

    /**
     * Every path has a dot, so only the words around a dot are looked at: {@code indexOf} finds
     * the next dot far faster than walking every word of a long prompt (the router runs this on
     * every task).
     */
    private static int countFiles(String prompt) {
        Set<String> files = null;
        int length = prompt.length();
        int dot = prompt.indexOf('.');
        while (dot >= 0) {
            int start = dot;
            while (start > 0 && !Character.isWhitespace(prompt.charAt(start - 1))) {
                start--;
            }
            int end = dot + 1;
            while (end < length && !Character.isWhitespace(prompt.charAt(end))) {
                end++;
            }
            int from = start;
            int to = end;
            while (from < to && LEADING_PUNCTUATION.indexOf(prompt.charAt(from)) >= 0) {
                from++;
            }
            while (to > from && TRAILING_PUNCTUATION.indexOf(prompt.charAt(to - 1)) >= 0) {
                to--;
            }
            if (to - from > 2 && isPath(prompt, from, to)) {
                if (files == null) {
                    files = new HashSet<>();
                }
                files.add(prompt.substring(from, to));
            }
            dot = end < length ? prompt.indexOf('.', end) : -1;
        }
        return files == null ? 0 : files.size();
    }

    private static boolean isPath(String text, int from, int to) {
        int dot = -1;
        int slash = -1;
        for (int i = to - 1; i >= from; i--) {
            char c = text.charAt(i);
            if (c == '.' && dot < 0 && slash < 0) {
                dot = i;
            } else if (c == '/' && slash < 0) {
                slash = i;
            } else if (c == ':' && i + 2 < to && text.charAt(i + 1) == '/' && text.charAt(i + 2) == '/') {
                return false;
            }
        }
        int nameStart = slash < 0 ? from : slash + 1;
        if (dot <= nameStart || dot == to - 1 || to - dot - 1 > 10) {
            return false;
        }
        boolean letter = false;
        for (int i = dot + 1; i < to; i++) {
            char c = text.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                return false;
            }
            letter |= Character.isLetter(c);
        }
        if (!letter) {
            return false;
        }
        return slash >= 0 || KNOWN_EXTENSIONS.contains(text.substring(dot + 1, to).toLowerCase(java.util.Locale.ROOT));
    }
}
