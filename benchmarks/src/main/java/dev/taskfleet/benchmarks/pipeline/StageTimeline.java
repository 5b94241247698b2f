package dev.taskfleet.benchmarks.pipeline;

import dev.taskfleet.benchmarks.Percentiles;
import dev.taskfleet.benchmarks.TopicScan;
import dev.taskfleet.contract.TopicNames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Where a round's time went: when each hop of the fleet wrote the batch's records, read back from
 * the topics by their record timestamps (the writer's clock; every process runs on this machine).
 * A hop that paces the round shows as a stage whose last record comes late while the tasks wait
 * long before it; a hop that keeps up shows short waits. Every task is read on all three stages,
 * or the timeline is refused: a task missing from one would make its waits meaningless.
 *
 * <p>The stages: <i>submitted</i> (the producer's write to {@code <prefix>.tasks} or an inbox
 * lane), <i>routed</i> (the router's write to a tier topic or lane, inside its transaction, so
 * before a worker can read it), <i>result</i> (the worker's write to {@code <prefix>.results}). A
 * task written twice on one stage (an escalation's second placement) counts with its last write.
 */
final class StageTimeline {

    static final String SUBMITTED = "submitted";
    static final String ROUTED = "routed";
    static final String RESULT = "result";

    /** What one stage wrote of the batch, timestamps in epoch milliseconds by task id. */
    record Stage(String name, Map<String, Long> writtenAt) {

        /**
         * The writes of the tasks of {@code ids}; any other task's are left out.
         *
         * @throws IllegalStateException when {@code writtenAt} lacks a task of {@code ids}: its
         *                               waits would be meaningless
         */
        static Stage of(String name, List<String> topics, Map<String, Long> writtenAt, Set<String> ids) {
            List<String> missing = ids.stream().filter(id -> !writtenAt.containsKey(id)).sorted().toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException("stage " + name + " (" + topics + ") lacks " + missing.size()
                        + " of the batch's " + ids.size() + " tasks, first: " + missing.get(0));
            }
            Map<String, Long> ofTheBatch = new HashMap<>(ids.size() * 2);
            ids.forEach(id -> ofTheBatch.put(id, writtenAt.get(id)));
            return new Stage(name, Map.copyOf(ofTheBatch));
        }
    }

    private final long startMs;
    private final Stage submitted;
    private final Stage routed;
    private final Stage results;

    StageTimeline(long startMs, Stage submitted, Stage routed, Stage results) {
        this.startMs = startMs;
        this.submitted = submitted;
        this.routed = routed;
        this.results = results;
    }

    /** Reads the batch's records (task ids {@code ids}) of every stage from the broker. */
    static StageTimeline read(String bootstrapServers, TopicNames names, Set<String> ids, long startMs) {
        Map<String, List<String>> topicsByStage = new HashMap<>();
        for (String topic : topics(bootstrapServers)) {
            String stage = stageOf(topic, names);
            if (stage != null) {
                topicsByStage.computeIfAbsent(stage, s -> new ArrayList<>()).add(topic);
            }
        }
        return new StageTimeline(startMs, stage(SUBMITTED, bootstrapServers, topicsByStage, ids),
                stage(ROUTED, bootstrapServers, topicsByStage, ids), stage(RESULT, bootstrapServers, topicsByStage, ids));
    }

    /** The stage whose writes {@code topic} holds, or {@code null} for a topic on no stage. */
    static String stageOf(String topic, TopicNames names) {
        if (topic.equals(names.tasks()) || names.inboxes().matcher(topic).matches()) {
            return SUBMITTED;
        }
        if (topic.startsWith(names.tasks() + ".")) {
            return ROUTED;
        }
        return topic.equals(names.results()) ? RESULT : null;
    }

    private static List<String> topics(String bootstrapServers) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "taskfleet-benchmark-topics"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return new ArrayList<>(consumer.listTopics().keySet());
        }
    }

    private static Stage stage(String name, String bootstrapServers, Map<String, List<String>> topicsByStage,
            Set<String> ids) {
        List<String> topics = topicsByStage.getOrDefault(name, List.of());
        Map<String, Long> writtenAt = new HashMap<>(ids.size() * 2);
        TopicScan.scan(bootstrapServers, topics, TopicScan.Isolation.COMMITTED, record -> keepLatest(writtenAt, ids,
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8), record.timestamp()));
        return Stage.of(name, topics, writtenAt, ids);
    }

    /**
     * Counts a write of task {@code id} at {@code timestamp} if the task is one of {@code ids}; of
     * two writes of one task (an escalation's second placement), the later stays.
     */
    static void keepLatest(Map<String, Long> writtenAt, Set<String> ids, String id, long timestamp) {
        if (id != null && ids.contains(id)) {
            writtenAt.merge(id, timestamp, Math::max);
        }
    }

    /**
     * One line per stage (first and last write, ms after the upload started) and the waits between
     * consecutive stages per task (median, 95th percentile, most).
     */
    String render() {
        StringBuilder out = new StringBuilder();
        for (Stage stage : List.of(submitted, routed, results)) {
            long first = stage.writtenAt().values().stream().mapToLong(Long::longValue).min().orElseThrow();
            long last = stage.writtenAt().values().stream().mapToLong(Long::longValue).max().orElseThrow();
            out.append(String.format(Locale.ROOT, "  %-9s first %6d ms, last %6d ms after the upload started%n",
                    stage.name(), first - startMs, last - startMs));
        }
        out.append(waits(submitted, routed)).append(waits(routed, results));
        return out.toString();
    }

    private static String waits(Stage from, Stage to) {
        long[] waits = from.writtenAt().entrySet().stream()
                .mapToLong(e -> to.writtenAt().get(e.getKey()) - e.getValue()).sorted().toArray();
        return String.format(Locale.ROOT, "  %s -> %s per task: median %d ms, p95 %d ms, most %d ms%n", from.name(),
                to.name(), Percentiles.nearestRank(waits, 50), Percentiles.nearestRank(waits, 95), waits[waits.length - 1]);
    }
}
