package dev.taskfleet.contract;

import java.util.List;
import java.util.Objects;

/**
 * What a valid task may contain. The producer enforces these on submission and the router
 * again on every record it reads, so a record written to the tasks topic by other means is held
 * to the same rules.
 *
 * @param tiers          the tiers a tier hint may name
 * @param maxPromptChars longest prompt accepted, in characters
 * @param maxLabels      most labels on one task
 * @param maxLabelChars  longest label key or value, in characters
 */
public record TaskLimits(List<String> tiers, int maxPromptChars, int maxLabels, int maxLabelChars) {

    public static final int DEFAULT_MAX_PROMPT_CHARS = 100_000;
    public static final int DEFAULT_MAX_LABELS = 32;
    public static final int DEFAULT_MAX_LABEL_CHARS = 256;

    public TaskLimits {
        Objects.requireNonNull(tiers, "tiers");
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("at least one tier must be configured");
        }
        tiers.forEach(TopicNames::requireValidTier);
        tiers = List.copyOf(tiers);
        if (maxPromptChars < 1 || maxLabels < 0 || maxLabelChars < 1) {
            throw new IllegalArgumentException("task limits must be positive");
        }
    }

    public static TaskLimits defaults(List<String> tiers) {
        return new TaskLimits(tiers, DEFAULT_MAX_PROMPT_CHARS, DEFAULT_MAX_LABELS, DEFAULT_MAX_LABEL_CHARS);
    }
}
