package dev.taskfleet.benchmarks.quota;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.EventDecodingException;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.TaskResult;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every result record of the run's batches, repeats included, read from the beginning of
 * {@code <prefix>.results} with a group-less consumer: a task's second result after a redelivery
 * is a second answered call, so the provider's admitted calls are compared with all of them.
 */
final class ResultTally {

    private static final Duration POLL = Duration.ofMillis(200);

    /**
     * What the results topic holds for the run's batches.
     *
     * @param tasks    distinct tasks with at least one result
     * @param records  result records by status, repeats included
     * @param repeats  result records beyond each task's first
     * @param answeredAgain SUCCEEDED records of a task that already had one: calls paid twice
     */
    record Tally(int tasks, Map<ResultStatus, Integer> records, int repeats, int answeredAgain) {

        int records(ResultStatus status) {
            return records.getOrDefault(status, 0);
        }
    }

    private ResultTally() {
    }

    /**
     * Reads until every task of {@code batches} has a result, then on to the topic's end as it was then.
     *
     * @throws IllegalStateException if no new task gets its first result for {@code stallTimeout}, or
     *                               a result names a task of these batches it was not submitted with
     */
    static Tally await(String bootstrapServers, String topic, List<TaskFeeder.Batch> batches, Duration stallTimeout) {
        Map<String, Set<String>> expected = new HashMap<>();
        batches.forEach(batch -> expected.put(batch.id(), batch.taskIds()));
        int wanted = batches.stream().mapToInt(batch -> batch.taskIds().size()).sum();
        Set<String> seen = new HashSet<>();
        Set<String> answered = new HashSet<>();
        int answeredAgain = 0;
        Map<ResultStatus, Integer> records = new EnumMap<>(ResultStatus.class);
        int repeats = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "taskfleet-benchmark-quota-results",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant lastProgress = Instant.now();
            Map<TopicPartition, Long> end = new HashMap<>();
            while (end.isEmpty() || !reached(consumer, end)) {
                for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    TaskResult result = decode(record.value());
                    if (result == null || !expected.containsKey(result.batchId())) {
                        continue;
                    }
                    if (!expected.get(result.batchId()).contains(result.taskId())) {
                        throw new IllegalStateException("batch " + result.batchId() + " has a result for task "
                                + result.taskId() + ", which it was not submitted with");
                    }
                    records.merge(result.status(), 1, Integer::sum);
                    String task = result.batchId() + "/" + result.taskId();
                    if (result.status() == ResultStatus.SUCCEEDED && !answered.add(task)) {
                        answeredAgain++;
                    }
                    if (seen.add(task)) {
                        lastProgress = Instant.now();
                    } else {
                        repeats++;
                    }
                }
                if (end.isEmpty() && seen.size() == wanted) {
                    end.putAll(consumer.endOffsets(partitions));
                } else if (end.isEmpty() && Duration.between(lastProgress, Instant.now()).compareTo(stallTimeout) > 0) {
                    throw new IllegalStateException("no new result for " + stallTimeout.toSeconds() + " s; "
                            + seen.size() + " of " + wanted + " tasks have one");
                }
            }
        }
        return new Tally(seen.size(), records, repeats, answeredAgain);
    }

    private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(partition -> consumer.position(partition.getKey()) >= partition.getValue());
    }

    private static TaskResult decode(String value) {
        try {
            return value == null ? null : EventCodec.decodeResult(value);
        } catch (EventDecodingException e) {
            // Not a result of this run's; the batches it waits for are checked by id.
            return null;
        }
    }
}
