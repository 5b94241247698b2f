package dev.taskfleet.benchmarks.forwarding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks what a forwarder left on its output topics task by task: every loaded task exactly once,
 * on the topic it belongs on (for the router, the tier topic the default policy gives the task),
 * and nothing else. A count alone would pass a router that put a task on the wrong tier, or one
 * task twice and another never.
 */
public final class PlacementCheck {

    private PlacementCheck() {
    }

    /**
     * @param expectedTopic the topic each loaded task id belongs on
     * @throws IllegalStateException naming how many tasks are misplaced and the first few
     */
    public static void verify(String forwarder, OutputReader.Output output, Map<String, String> expectedTopic) {
        List<String> problems = new ArrayList<>();
        output.topicsByKey().forEach((id, topics) -> {
            String expected = expectedTopic.get(id);
            if (expected == null) {
                problems.add(id + " was never loaded but is on " + topics);
            } else if (topics.size() != 1 || !topics.get(0).equals(expected)) {
                problems.add(id + " is on " + topics + ", expected once on " + expected);
            }
        });
        expectedTopic.keySet().stream().filter(id -> !output.topicsByKey().containsKey(id))
                .forEach(id -> problems.add(id + " is missing from every output topic"));
        if (!problems.isEmpty()) {
            throw new IllegalStateException(forwarder + ": " + problems.size() + " task(s) misplaced or missing, first: "
                    + problems.subList(0, Math.min(5, problems.size())));
        }
    }
}
