package dev.taskfleet.benchmarks.forwarding;

import dev.taskfleet.benchmarks.TopicScan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.record.TimestampType;

/**
 * Reads whole output topics read_committed ({@link TopicScan}) and returns the records' append
 * times, sorted, and the topic each key was found on. Aborted records and transaction markers are
 * skipped, so what it returns is what a worker would see.
 */
public final class OutputReader {

    private OutputReader() {
    }

    /**
     * What the output topics hold.
     *
     * @param appendTimes  the append times of the records timed, sorted
     * @param topicsByKey  the topics each record key (a task id) was found on, once per record
     */
    public record Output(long[] appendTimes, Map<String, List<String>> topicsByKey) {
    }

    /**
     * Every record's topic by key, and every record's append time.
     *
     * @throws IllegalStateException if a topic does not stamp its records with {@code LogAppendTime}
     */
    public static Output read(String bootstrapServers, List<String> topics) {
        return read(bootstrapServers, topics, key -> true);
    }

    /**
     * Every record's topic by key, and the append times of the records whose key {@code timed}
     * accepts (the measured ones, not a warm-up's).
     *
     * @throws IllegalStateException if a topic does not stamp its records with {@code LogAppendTime}
     */
    public static Output read(String bootstrapServers, List<String> topics, Predicate<String> timed) {
        long[][] times = {new long[1024]};
        int[] count = {0};
        Map<String, List<String>> topicsByKey = new HashMap<>();
        TopicScan.scan(bootstrapServers, topics, TopicScan.Isolation.COMMITTED, record -> {
            if (record.timestampType() != TimestampType.LOG_APPEND_TIME) {
                throw new IllegalStateException(record.topic() + " is not a LogAppendTime topic");
            }
            String key = new String(record.key(), StandardCharsets.UTF_8);
            topicsByKey.computeIfAbsent(key, k -> new ArrayList<>(1)).add(record.topic());
            if (!timed.test(key)) {
                return;
            }
            if (count[0] == times[0].length) {
                times[0] = Arrays.copyOf(times[0], count[0] * 2);
            }
            times[0][count[0]++] = record.timestamp();
        });
        long[] sorted = Arrays.copyOf(times[0], count[0]);
        Arrays.sort(sorted);
        return new Output(sorted, topicsByKey);
    }
}
