package dev.taskfleet.benchmarks;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.EventDecodingException;
import dev.taskfleet.contract.TaskResult;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code <prefix>.results} from the beginning with a group-less consumer and waits for every
 * result of one batch, noting each result record's timestamp (set by the worker's producer when
 * it sent the result). A task's second result after a redelivery is not counted twice, and a
 * result for a task the batch does not have fails the run.
 * Not thread-safe; the caller closes it.
 */
public final class ResultsFollower implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, String> consumer;
    /** Results seen per batch while awaiting any batch, repeats included; for harnesses that run batches side by side. */
    private final Map<String, Integer> seenByBatch = new HashMap<>();

    /** Assigns every partition of {@code topic}, which must exist (the services create it at start-up). */
    public ResultsFollower(String bootstrapServers, String topic) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "taskfleet-benchmark-results",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        if (partitions.isEmpty()) {
            consumer.close();
            throw new IllegalStateException(topic + " does not exist; the fleet creates it at start-up");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /**
     * Polls until every task of {@code expectedIds} has a result in {@code batchId}, keeping the
     * first result per task as every reader of the topic does ({@code FinalResults}; results are at
     * least once).
     *
     * @return the first result of each task with its record's timestamp, by task id
     * @throws IllegalStateException if a result names a task the batch does not have
     * @throws Stalled               if no new result of the batch arrives for {@code stallTimeout}
     */
    public Map<String, TimedResult> await(String batchId, Set<String> expectedIds, Duration stallTimeout) {
        Map<String, TimedResult> first = new HashMap<>();
        Instant lastProgress = Instant.now();
        while (first.size() < expectedIds.size()) {
            int before = first.size();
            poll(timed -> {
                TaskResult result = timed.result();
                if (!batchId.equals(result.batchId())) {
                    return;
                }
                if (!expectedIds.contains(result.taskId())) {
                    throw new IllegalStateException("batch " + batchId + " has a result for task " + result.taskId()
                            + ", which it was not submitted with");
                }
                first.putIfAbsent(result.taskId(), timed);
            });
            if (first.size() > before) {
                lastProgress = Instant.now();
            }
            if (Duration.between(lastProgress, Instant.now()).compareTo(stallTimeout) > 0) {
                Set<String> missing = new TreeSet<>(expectedIds);
                missing.removeAll(first.keySet());
                throw new Stalled("no result of batch " + batchId + " for " + stallTimeout.toSeconds() + " s; "
                        + first.size() + " of " + expectedIds.size() + " arrived, none yet for "
                        + missing.stream().limit(5).toList() + (missing.size() > 5 ? " and more" : ""), missing);
            }
        }
        return first;
    }

    /**
     * Polls once (up to 200 ms) and hands every result read to {@code sink}, repeats included, in
     * the order read; records that are not results are skipped.
     */
    public void poll(Consumer<TimedResult> sink) {
        for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
            TaskResult result = decode(record.value());
            if (result != null) {
                seenByBatch.merge(result.batchId(), 1, Integer::sum);
                sink.accept(new TimedResult(result, record.timestamp()));
            }
        }
    }

    /** Results of {@code batchId} read so far by {@link #await} and {@link #poll} calls, repeats included. */
    public int seen(String batchId) {
        return seenByBatch.getOrDefault(batchId, 0);
    }

    /**
     * Checks that every task succeeded on {@code tier} (the single-tier harnesses' simulated model
     * never fails) and returns the results unchanged.
     *
     * @throws IllegalStateException naming the first task that did not
     */
    public static Map<String, TimedResult> allSucceededOn(String tier, Map<String, TimedResult> results) {
        results.forEach((id, timed) -> {
            if (!timed.result().succeeded() || !tier.equals(timed.result().tier())) {
                throw new IllegalStateException("task " + id + " ended " + timed.result().status() + " on "
                        + timed.result().tier() + "; every task should succeed on " + tier);
            }
        });
        return results;
    }

    /** Count, FAILED count and first and last record timestamp of a batch's results. */
    public static BatchResults summary(Map<String, TimedResult> results) {
        long first = results.values().stream().mapToLong(TimedResult::timestampMs).min().orElse(0);
        long last = results.values().stream().mapToLong(TimedResult::timestampMs).max().orElse(0);
        int failed = (int) results.values().stream().filter(r -> !r.result().succeeded()).count();
        return new BatchResults(results.size(), failed, first, last);
    }

    private static TaskResult decode(String value) {
        try {
            return value == null ? null : EventCodec.decodeResult(value);
        } catch (EventDecodingException e) {
            // Not this benchmark's to judge; such a record belongs to no batch it waits for.
            return null;
        }
    }

    @Override
    public void close() {
        consumer.close();
    }

    /** No new result of a batch for the stall timeout; names the tasks still without one, so a failed run says where to look. */
    public static final class Stalled extends IllegalStateException {

        private final transient Set<String> missing;

        Stalled(String message, Set<String> missing) {
            super(message);
            this.missing = Set.copyOf(missing);
        }

        /** Ids of the batch's tasks that have no result. */
        public Set<String> missing() {
            return missing;
        }
    }

    /** A task's first result and its record's timestamp (set by the publishing service), epoch ms. */
    public record TimedResult(TaskResult result, long timestampMs) {
    }

    /** The results of one batch: how many, how many FAILED, first and last record timestamp (epoch ms). */
    public record BatchResults(int count, int failed, long firstMs, long lastMs) {
    }
}
