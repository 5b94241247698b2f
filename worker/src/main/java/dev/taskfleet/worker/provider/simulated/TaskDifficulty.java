package dev.taskfleet.worker.provider.simulated;

import java.util.Map;

/**
 * A task's true difficulty, 0 (trivial) to 1 (beyond any model), which only the simulated model
 * sees: it comes from the task's {@value #LABEL} label, which no routing policy reads unless a rule
 * names it. Benchmarks use it to give a synthetic batch a spread of difficulty the router cannot
 * see, so routing has to succeed on the prompt and type alone, as in production.
 *
 * <p>A task without the label, or with a value that is not a number from 0 to 1, has difficulty 0:
 * every model answers it right, so the demo and ordinary runs are unaffected.
 */
public final class TaskDifficulty {

    /** The label holding the difficulty, e.g. {@code "simulated-difficulty": "0.82"}. */
    public static final String LABEL = "simulated-difficulty";

    private TaskDifficulty() {
    }

    /** The difficulty the labels give, or 0. */
    public static double of(Map<String, String> labels) {
        String value = labels.get(LABEL);
        if (value == null) {
            return 0;
        }
        try {
            double difficulty = Double.parseDouble(value.strip());
            return difficulty >= 0 && difficulty <= 1 ? difficulty : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
