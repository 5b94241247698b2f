package dev.taskfleet.policy;

import dev.taskfleet.contract.Task;
import java.util.Locale;

/**
 * The few derived values of a task that several rules look at, computed once per decision.
 * The token estimate is characters / 4 rounded up: the usual rule of thumb for English text and
 * code with current tokenizers, good enough to tell a one-liner from a 20-page paste without
 * depending on any one model's tokenizer.
 */
final class TaskView {

    static final int CHARS_PER_TOKEN = 4;

    final Task task;
    final String lowerType;
    final String prompt;
    final int promptChars;
    final long estimatedTokens;

    TaskView(Task task) {
        this.task = task;
        this.lowerType = task.type() == null ? "" : task.type().toLowerCase(Locale.ROOT);
        this.prompt = task.prompt() == null ? "" : task.prompt();
        this.promptChars = prompt.length();
        this.estimatedTokens = estimateTokens(promptChars);
    }

    static long estimateTokens(long chars) {
        return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }
}
