package dev.taskfleet.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The conditions of one rule; a task matches when it meets every condition given (an absent
 * condition always holds, so an empty match catches every task). Within a condition that lists
 * several values, one is enough.
 *
 * @param types      task type globs
 * @param labels     label name -> value glob; every listed label must be present and match
 * @param teams      team names
 * @param minChars   smallest prompt length in characters, inclusive
 * @param maxChars   largest prompt length in characters, inclusive
 * @param minTokens  smallest estimated prompt tokens, inclusive
 * @param maxTokens  largest estimated prompt tokens, inclusive
 * @param prompt     regular expressions, one of which must be found in the prompt
 * @param tierHints  tier hints, one of which the task must carry
 * @param deadline   how long the task's submitter must be willing to wait, or {@code null}: any task
 * @param canonical  a normalized text of all conditions, e.g. {@code team payments, type security-*}:
 *                   two matches with equal canonical text accept exactly the same tasks, and it is
 *                   short enough to quote in an explanation
 */
record Match(List<Glob> types, Map<String, Glob> labels, Set<String> teams, long minChars, long maxChars,
        long minTokens, long maxTokens, List<Pattern> prompt, Set<String> tierHints, DeadlineRange deadline,
        String canonical) {

    boolean isEmpty() {
        return canonical.isEmpty();
    }

    boolean matches(TaskView view) {
        if (!types.isEmpty() && !anyGlob(types, view.lowerType)) {
            return false;
        }
        if (!teams.isEmpty() && !teams.contains(view.task.team())) {
            return false;
        }
        if (view.promptChars < minChars || view.promptChars > maxChars
                || view.estimatedTokens < minTokens || view.estimatedTokens > maxTokens) {
            return false;
        }
        if (!tierHints.isEmpty() && (view.task.tierHint() == null || !tierHints.contains(view.task.tierHint()))) {
            return false;
        }
        if (deadline != null && !deadline.contains(view.task.deadline())) {
            return false;
        }
        for (Map.Entry<String, Glob> label : labels.entrySet()) {
            String value = view.task.labels().get(label.getKey());
            if (value == null || !label.getValue().matches(value.toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        if (!prompt.isEmpty()) {
            for (Pattern pattern : prompt) {
                if (pattern.matcher(view.prompt).find()) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    private static boolean anyGlob(List<Glob> globs, String lowerValue) {
        for (Glob glob : globs) {
            if (glob.matches(lowerValue)) {
                return true;
            }
        }
        return false;
    }
}
