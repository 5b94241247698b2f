package dev.taskfleet.e2e;

import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.contract.FinalResults;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.testkit.Events;
import dev.taskfleet.testkit.ResultsCollector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What the fault suite measured for one batch, from the two places a result can be seen: the
 * results topic through a {@code read_committed} reader, and the producer's API as a user sees it.
 *
 * @param fault                   the fault injected
 * @param tasks                   tasks submitted
 * @param lost                    tasks with no final result through the API
 * @param duplicatesSeenByUsers   result lines the API streamed beyond one per task
 * @param duplicateRecordsOnTopic result records on the topic beyond one per task (de-duplicated for users)
 * @param stuck                   tasks the batch status does not count as finished
 * @param failed                  tasks whose final result is FAILED
 * @param modelCallsPerTask       calls the provider received per task
 * @param longestStall            longest time without a new final result, from submission to the last
 * @param batchTime               submission to the last final result
 */
record FaultFigures(String fault, int tasks, long lost, long duplicatesSeenByUsers, long duplicateRecordsOnTopic,
        long stuck, long failed, double modelCallsPerTask, Duration longestStall, Duration batchTime) {

    static final String TABLE_HEADER = """
            | fault | tasks | lost | duplicates seen by users | duplicate records on the topic | stuck | failed | model calls per task | longest stall | batch time |
            |---|---|---|---|---|---|---|---|---|---|""";

    static FaultFigures measure(String fault, int tasks, String batchId, Instant submitted, ResultsCollector topic,
            BatchClient users, long modelCalls) {
        List<TaskResult> onTopic = topic.resultsOfBatch(batchId);
        FinalResults finals = new FinalResults();
        List<TaskResult> firsts = new ArrayList<>(onTopic.stream().filter(finals::isFirst).toList());
        List<String> lines = new ArrayList<>();
        users.results(batchId, null, lines::add);
        List<TaskResult> seenByUsers = Events.decodeLines(String.join("\n", lines), TaskResult.class);
        long distinctSeen = seenByUsers.stream().map(TaskResult::taskId).distinct().count();
        BatchStatus status = users.status(batchId);
        firsts.sort(Comparator.comparing(TaskResult::finishedAt));
        Duration longestStall = Duration.ZERO;
        Instant previous = submitted;
        for (TaskResult result : firsts) {
            Duration gap = Duration.between(previous, result.finishedAt());
            longestStall = gap.compareTo(longestStall) > 0 ? gap : longestStall;
            previous = result.finishedAt().isAfter(previous) ? result.finishedAt() : previous;
        }
        return new FaultFigures(fault, tasks, tasks - distinctSeen, seenByUsers.size() - distinctSeen,
                onTopic.size() - firsts.size(), tasks - status.finished(),
                firsts.stream().filter(r -> r.status() == ResultStatus.FAILED).count(),
                (double) modelCalls / tasks, longestStall, Duration.between(submitted, previous));
    }

    String tableRow() {
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %.2f | %.1f s | %.1f s |", fault, tasks,
                lost, duplicatesSeenByUsers, duplicateRecordsOnTopic, stuck, failed, modelCallsPerTask,
                longestStall.toMillis() / 1000.0, batchTime.toMillis() / 1000.0);
    }
}
