package dev.taskfleet.router.kafka;

import dev.taskfleet.kafka.RecordSizeLimit;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * The largest record the router can write to each topic it writes in its transactions: the
 * smaller of its transactional producer's {@code max.request.size} and the topic's
 * {@code max.message.bytes} (kafka-support's {@link RecordSizeLimit}). Records are sized before
 * they join a transaction, because one the producer or the broker refuses aborts the whole
 * transaction, every retry of it too, and would stop the router on one record.
 *
 * <p>A topic's {@code max.message.bytes} is read once, the first time the router writes to it (or
 * earlier, through {@link #learn}): tier topics, results and the DLQ at start-up, a team's lane
 * when it is first used, which may be long after start-up and may have been created by another
 * router. A topic that cannot be read (no {@code DescribeConfigs} right, no answer in time) is
 * left out by the reader, which logs it at WARN, and is sized against {@code max.request.size}
 * alone, as before the router sized anything; it is not asked again.
 *
 * <p>Used on the forwarding loop's thread only (or before it starts).
 */
final class DestinationLimits {

    private static final Logger LOG = Logger.getLogger(DestinationLimits.class);

    private final Function<Collection<String>, Map<String, Integer>> reader;
    private final Set<String> asked = new HashSet<>();
    private RecordSizeLimit limit;

    /**
     * @param producerLimit the transactional producer's {@code max.request.size}
     * @param reader        the {@code max.message.bytes} of those of the given topics that could be
     *                      read (kafka-support's {@code TopicMessageLimits} in production)
     */
    DestinationLimits(RecordSizeLimit producerLimit, Function<Collection<String>, Map<String, Integer>> reader) {
        this.limit = producerLimit;
        this.reader = reader;
    }

    /** Reads the limits of those of {@code topics} not read before; one INFO line per topic names both values. */
    void learn(Collection<String> topics) {
        List<String> unknown = topics.stream().distinct().filter(topic -> !asked.contains(topic)).toList();
        if (unknown.isEmpty()) {
            return;
        }
        limit = limit.withTopicLimits(reader.apply(unknown));
        asked.addAll(unknown);
        unknown.forEach(topic -> LOG.infof("records the router writes to %s are sized against %s", topic,
                limit.describe(topic)));
    }

    /** {@code true} when both the producer and the record's topic take it. */
    boolean fits(ProducerRecord<byte[], byte[]> record) {
        // Asked for every record the router writes: learning a topic allocates, so only a new one does.
        if (!asked.contains(record.topic())) {
            learn(List.of(record.topic()));
        }
        return limit.fits(record);
    }

    /** The topic's {@code max.message.bytes}, when it could be read. */
    Optional<Integer> maxMessageBytes(String topic) {
        learn(List.of(topic));
        return limit.maxMessageBytes(topic);
    }

    /**
     * Why {@code record} is not written, naming its size and the limit: {@code "the routed task is
     * 25123 bytes as a record on t, more than the 20000 bytes (topic t's max.message.bytes 20000;
     * max.request.size 1048576) it takes"}.
     *
     * @param what the record, for a person: "the routed task", "the final result"
     */
    String tooLarge(String what, ProducerRecord<byte[], byte[]> record) {
        learn(List.of(record.topic()));
        return what + " is " + RecordSizeLimit.sizeOf(record) + " bytes as a record on " + record.topic()
                + ", more than the " + limit.describe(record.topic()) + " it takes";
    }
}
