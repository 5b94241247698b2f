package dev.taskfleet.benchmarks.policy;

import dev.taskfleet.contract.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A fixed, seeded mix of tasks that looks like a real batch: a dozen task types, prompts of a few
 * sentences to a few thousand characters, some with code blocks and file paths, some with senior
 * or junior signals, a few with tier hints. The same seed always gives the same tasks, so runs
 * are comparable.
 */
public final class PolicyTaskMix {

    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final String[] TYPES = {"refactor", "code-review", "rename", "summarize", "bugfix", "feature",
        "security-review", "docstring", "explain", "migration-plan", "test-generation", "translate"};
    private static final String[] PLAIN = {"Keep the public API unchanged.", "The module is used by three services.",
        "Please keep the answer short.", "Explain the reasoning step by step.", "The tests currently pass.",
        "We ship this next week.", "Use the existing helper classes where they fit.", "Mention anything unclear.",
        "The input is a list of customer orders.", "Prefer standard library classes."};
    private static final String[] SENIOR = {"Watch for a race between the writer threads.",
        "Consider the security impact of the new endpoint.", "This is on the hot path, so performance matters.",
        "Describe the design trade-off between caching and recomputation.", "Plan the schema migration safely.",
        "Check the architecture for hidden coupling."};
    private static final String[] JUNIOR = {"Rename the fields to camel case.", "Fix the typo in the comment.",
        "Format the file with the project style.", "Add a test stub for each public method.",
        "Generate the boilerplate getters."};
    private static final String[] FILES = {"src/main/java/app/OrderService.java", "src/main/java/app/Cache.java",
        "pom.xml", "src/test/java/app/OrderServiceTest.java", "docs/design.md", "web/src/App.tsx"};
    private static final String CODE_LINE = "    total = total.add(order.price().multiply(order.quantity()));\n";

    private PolicyTaskMix() {
    }

    /** {@code count} tasks drawn with the given seed. */
    public static List<Task> tasks(int count, long seed) {
        Random random = new Random(seed);
        List<Task> tasks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String type = TYPES[random.nextInt(TYPES.length)];
            String hint = random.nextInt(10) == 0 ? (random.nextBoolean() ? "fast" : "quality") : null;
            tasks.add(new Task(1, "task-" + i, "bench", type, prompt(random), hint, Map.of(), CREATED, null, 1, null));
        }
        return List.copyOf(tasks);
    }

    private static String prompt(Random random) {
        StringBuilder prompt = new StringBuilder();
        int sentences = 2 + random.nextInt(25);
        for (int s = 0; s < sentences; s++) {
            int pick = random.nextInt(10);
            String[] pool = pick == 0 ? SENIOR : pick == 1 ? JUNIOR : PLAIN;
            prompt.append(pool[random.nextInt(pool.length)]).append(' ');
        }
        if (random.nextInt(10) < 4) {
            int files = 1 + random.nextInt(4);
            prompt.append("\nFiles:");
            for (int f = 0; f < files; f++) {
                prompt.append(' ').append(FILES[random.nextInt(FILES.length)]);
            }
            prompt.append('\n');
        }
        if (random.nextInt(10) < 3) {
            prompt.append("```java\n").append(CODE_LINE.repeat(5 + random.nextInt(36))).append("```\n");
        }
        return prompt.toString();
    }
}
