package dev.taskfleet.benchmarks.history;

import java.util.Random;

/**
 * Answers a model could have given: one block of text drawn once from a seed (prose about code,
 * code lines and fenced blocks, with quotes, backslashes and line breaks for the JSON encoder to
 * escape), from which each answer is a slice. Slicing keeps writing a million answers cheap while
 * every answer's bytes differ.
 */
final class AnswerText {

    private static final int LENGTH = 1 << 18;
    private static final String[] WORDS = ("the a this that method class field call caller test case result value "
            + "returns null empty list map key cache lock thread request response handler service repository "
            + "should could must now instead because when while after before every each other only first last "
            + "rename extract inline move split merge retry timeout batch partition offset record consumer producer "
            + "invoice session token user account order payment search index query latency memory allocation")
            .split(" ");
    private static final String[] CODE = {
        "    public Optional<Invoice> find(String id) {",
        "        return repository.findById(id).map(this::toInvoice);",
        "    }",
        "    @Test void retriesOnTimeout() { assertThat(client.call()).isEqualTo(\"ok\"); }",
        "        if (attempts > maxAttempts) throw new IllegalStateException(\"gave up after \" + attempts);",
        "        String path = \"C:\\\\temp\\\\\" + name; // Windows paths need escaping",
        "    private final Map<String, List<Order>> byCustomer = new ConcurrentHashMap<>();",
        "        log.debug(\"session {} expired at {}\", session.id(), session.expiresAt());",
        "    }\n}",
    };

    private final String text;

    AnswerText(long seed) {
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder(LENGTH + 4096);
        while (out.length() < LENGTH) {
            if (random.nextInt(4) == 0) {
                out.append("```java\n");
                int lines = 2 + random.nextInt(8);
                for (int i = 0; i < lines; i++) {
                    out.append(CODE[random.nextInt(CODE.length)]).append('\n');
                }
                out.append("```\n");
            } else {
                int words = 8 + random.nextInt(20);
                for (int i = 0; i < words; i++) {
                    String word = WORDS[random.nextInt(WORDS.length)];
                    out.append(i == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
                    out.append(i == words - 1 ? ".\n" : " ");
                }
            }
        }
        text = out.toString();
    }

    /** A slice of {@code length} characters starting at a place {@code random} picks. */
    String slice(Random random, int length) {
        int start = random.nextInt(text.length() - length);
        return text.substring(start, start + length);
    }
}
