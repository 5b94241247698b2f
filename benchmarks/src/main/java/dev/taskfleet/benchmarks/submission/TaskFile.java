package dev.taskfleet.benchmarks.submission;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * A seeded JSONL batch file shaped like a real submission: a dozen task types, prompts of
 * {@value #MIN_PROMPT} to {@value #MAX_PROMPT} characters (uniform) made of ordinary sentences with
 * a few line breaks, a label, and one task in ten with a tier hint. Written line by line, so a
 * file of any size needs no memory. The same seed and count always give the same bytes.
 */
public final class TaskFile {

    static final int MIN_PROMPT = 200;
    static final int MAX_PROMPT = 2_000;

    private static final String[] TYPES = {"refactor", "code-review", "rename", "summarize", "bugfix", "feature",
        "security-review", "docstring", "explain", "migration-plan", "test-generation", "translate"};
    private static final String[] SENTENCES = {"Keep the public API unchanged.", "The module is used by three services.",
        "Please keep the answer short.", "Explain the reasoning step by step.", "The tests currently pass.",
        "Watch for a race between the writer threads.", "Rename the fields to camel case.",
        "Consider the security impact of the new endpoint.", "The input is a list of customer orders.",
        "Prefer standard library classes.", "Check src/main/java/app/OrderService.java first.",
        "This is on the hot path, so performance matters.", "Add a test for each public method."};

    private TaskFile() {
    }

    /** The ids {@link #write} gives {@code count} tasks with {@code idPrefix}. */
    public static Set<String> ids(String idPrefix, int count) {
        Set<String> ids = new HashSet<>();
        for (int i = 1; i <= count; i++) {
            ids.add(id(idPrefix, i));
        }
        return ids;
    }

    /**
     * Writes {@code count} tasks with ids {@code <idPrefix>-0000001}...
     *
     * @return the file's size in bytes
     */
    public static long write(Path file, String idPrefix, int count, long seed) throws IOException {
        Random random = new Random(seed);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 1; i <= count; i++) {
                out.write(line(random, idPrefix, i));
                out.write('\n');
            }
        }
        return Files.size(file);
    }

    /** One task as a JSONL line (without the line break); only escapes it needs are {@code \n}. */
    static String line(Random random, String idPrefix, int index) {
        String type = TYPES[random.nextInt(TYPES.length)];
        String hint = random.nextInt(10) == 0 ? (random.nextBoolean() ? ",\"tierHint\":\"fast\"" : ",\"tierHint\":\"quality\"") : "";
        return String.format("{\"id\":\"%s\",\"type\":\"%s\",\"prompt\":\"%s\"%s,\"labels\":{\"source\":\"benchmark\"}}",
                id(idPrefix, index), type, prompt(random, MIN_PROMPT + random.nextInt(MAX_PROMPT - MIN_PROMPT + 1)), hint);
    }

    private static String id(String idPrefix, int index) {
        return String.format("%s-%07d", idPrefix, index);
    }

    /** Sentences until {@code length} characters, cut there; a JSON {@code \n} escape every few sentences. */
    static String prompt(Random random, int length) {
        StringBuilder prompt = new StringBuilder(length + 64);
        while (prompt.length() < length) {
            prompt.append(SENTENCES[random.nextInt(SENTENCES.length)]);
            prompt.append(random.nextInt(6) == 0 ? "\\n" : " ");
        }
        prompt.setLength(length);
        // Never end on half an escape: "\" alone would escape the closing quote.
        if (prompt.charAt(length - 1) == '\\') {
            prompt.setCharAt(length - 1, '.');
        }
        return prompt.toString();
    }
}
