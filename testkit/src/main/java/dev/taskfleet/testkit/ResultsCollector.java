package dev.taskfleet.testkit;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.EventDecodingException;
import dev.taskfleet.contract.TaskResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Collects the results topic. Keeps every result as delivered, so a test can check that each
 * task has exactly one ({@link #duplicateTaskIds()}), and records anything that does not
 * decode as a result ({@link #undecodable()}) rather than hiding it.
 */
public final class ResultsCollector extends TopicCollector {

    private final List<TaskResult> results = new CopyOnWriteArrayList<>();
    private final List<String> undecodable = new CopyOnWriteArrayList<>();

    public ResultsCollector(String bootstrapServers, String resultsTopic) {
        super(bootstrapServers, resultsTopic);
    }

    @Override
    protected void onRecord(ConsumerRecord<String, String> record) {
        try {
            results.add(EventCodec.decodeResult(record.value()));
        } catch (EventDecodingException e) {
            undecodable.add(record.offset() + ": " + e.getMessage());
        }
    }

    public List<TaskResult> results() {
        return new ArrayList<>(results);
    }

    public List<TaskResult> resultsOfBatch(String batchId) {
        return results.stream().filter(r -> batchId.equals(r.batchId())).toList();
    }

    public long countOfBatch(String batchId) {
        return results.stream().filter(r -> batchId.equals(r.batchId())).count();
    }

    /** How many of the batch's tasks have at least one result: what a test waits for when copies may repeat. */
    public long distinctTasksOfBatch(String batchId) {
        return results.stream().filter(r -> batchId.equals(r.batchId())).map(TaskResult::taskId).distinct().count();
    }

    /** The last result seen for each task id. */
    public Map<String, TaskResult> byTaskId() {
        Map<String, TaskResult> byId = new ConcurrentHashMap<>();
        results.forEach(r -> byId.put(r.taskId(), r));
        return byId;
    }

    /** Task ids that have more than one result. */
    public List<String> duplicateTaskIds() {
        return results.stream()
                .collect(Collectors.groupingBy(TaskResult::taskId, Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
    }

    public List<String> undecodable() {
        return new ArrayList<>(undecodable);
    }

    /** Results grouped by a key, e.g. {@code groupedBy(TaskResult::tier)}. */
    public <K> Map<K, List<TaskResult>> groupedBy(Function<TaskResult, K> key) {
        return results.stream().collect(Collectors.groupingBy(key));
    }
}
