package dev.taskfleet.benchmarks.pipeline;

import dev.taskfleet.contract.TaskResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts one batch's result records by task id: every submitted task must have exactly one, and it
 * must have succeeded (the harness's model never fails); a result for a task the batch was not
 * submitted with is wrong too. Results of other batches are ignored.
 */
final class ResultCount {

    private final String batchId;
    private final Set<String> ids;
    private final Map<String, Integer> counts = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    ResultCount(String batchId, Set<String> ids) {
        this.batchId = batchId;
        this.ids = ids;
    }

    /** Counts {@code result} if it is of the batch; {@code null} (an undecodable record) is ignored. */
    void add(TaskResult result) {
        if (result == null || !batchId.equals(result.batchId())) {
            return;
        }
        counts.merge(result.taskId(), 1, Integer::sum);
        if (!ids.contains(result.taskId())) {
            problems.add(result.taskId() + " has a result but was not submitted");
        } else if (!result.succeeded()) {
            problems.add(result.taskId() + " ended " + result.status());
        }
    }

    /** What is wrong so far: foreign or failed results, then tasks without exactly one result. */
    List<String> problems() {
        List<String> all = new ArrayList<>(problems);
        ids.forEach(id -> {
            int count = counts.getOrDefault(id, 0);
            if (count != 1) {
                all.add(id + " has " + count + " results");
            }
        });
        return all;
    }

    /** @throws IllegalStateException naming how many problems there are and the first few */
    void verify() {
        List<String> all = problems();
        if (!all.isEmpty()) {
            throw new IllegalStateException("batch " + batchId + ": " + all.size()
                    + " problem(s) with its results, first: " + all.subList(0, Math.min(5, all.size())));
        }
    }
}
