package dev.taskfleet.policy;

import dev.taskfleet.contract.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders routing decisions as a plain-text table for {@code taskfleet route --explain} and the
 * router's explain endpoint: one row per task with id, type, tier, rule, score and explanation.
 * The explanation is the last column and is never cut, because it is the part people read.
 */
public final class ExplainTable {

    private static final String[] HEADERS = {"ID", "TYPE", "TIER", "RULE", "SCORE", "EXPLANATION"};
    private static final String GAP = "  ";

    private ExplainTable() {
    }

    /**
     * @param tasks     the tasks, in the order to show them
     * @param decisions the decision for each task, same order and size as {@code tasks}
     * @return the table, one line per task after a header line, each line ending in a newline
     */
    public static String render(List<Task> tasks, List<PolicyDecision> decisions) {
        if (tasks.size() != decisions.size()) {
            throw new IllegalArgumentException(tasks.size() + " tasks but " + decisions.size() + " decisions");
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            PolicyDecision decision = decisions.get(i);
            rows.add(new String[] {task.id(), task.type() == null ? "-" : task.type(), decision.tier(),
                    decision.rule(), String.format(Locale.ROOT, "%.2f", decision.score()), decision.explanation()});
        }
        int[] widths = new int[HEADERS.length - 1];
        for (String[] row : rows) {
            for (int column = 0; column < widths.length; column++) {
                widths[column] = Math.max(widths[column], row[column].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int column = 0; column < widths.length; column++) {
                out.append(row[column]).append(" ".repeat(widths[column] - row[column].length())).append(GAP);
            }
            out.append(row[widths.length]).append('\n');
        }
        return out.toString();
    }
}
