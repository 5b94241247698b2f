package dev.taskfleet.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A JSONL batch of identical routine tasks. The type {@code refactor} is one of the router's
 * built-in keywords for {@code fast}, so every task lands on the one tier the benchmark runs.
 */
public final class TaskBatch {

    private TaskBatch() {
    }

    /** The ids of {@link #jsonl}'s tasks: {@code <idPrefix>-000001}... */
    public static Set<String> ids(String idPrefix, int count) {
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 1; i <= count; i++) {
            ids.add(id(idPrefix, i));
        }
        return ids;
    }

    /** {@code count} tasks with ids {@code <idPrefix>-000001}... */
    public static byte[] jsonl(String idPrefix, int count) {
        StringBuilder out = new StringBuilder(count * 160);
        for (int i = 1; i <= count; i++) {
            out.append(String.format("{\"id\":\"%s\",\"type\":\"refactor\",\"prompt\":\"Extract the retry loop in "
                    + "OrderClient.java into a helper and use it from both call sites.\",\"labels\":{\"run\":\"benchmark\"}}%n",
                    id(idPrefix, i)));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String id(String idPrefix, int index) {
        return String.format("%s-%06d", idPrefix, index);
    }
}
