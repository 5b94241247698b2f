package dev.taskfleet.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;

/**
 * The largest record a producer can write to a topic, and whether a record fits under it,
 * measured as the producer measures it before it sends. Two limits apply and either may be the
 * smaller: the producer's own {@code max.request.size}, and the topic's {@code max.message.bytes}
 * (the broker refuses a larger record after the producer took it). A caller writing inside a
 * transaction asks first: a refused record puts the whole transaction into an abortable error, so
 * every record in it would be lost with the one that did not fit, and written again and refused
 * again. A topic whose {@code max.message.bytes} was not given is sized against
 * {@code max.request.size} alone.
 */
public final class RecordSizeLimit {

    private final int maxRequestSize;
    private final Map<String, Integer> maxMessageBytesByTopic;

    private RecordSizeLimit(int maxRequestSize, Map<String, Integer> maxMessageBytesByTopic) {
        this.maxRequestSize = maxRequestSize;
        this.maxMessageBytesByTopic = Map.copyOf(maxMessageBytesByTopic);
    }

    /** The limit of a producer made with {@code producerSettings} (Kafka's default when they do not set it). */
    public static RecordSizeLimit of(Map<String, ?> producerSettings) {
        Object configured = producerSettings.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        Object value = configured != null ? configured
                : ProducerConfig.configDef().defaultValues().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        return new RecordSizeLimit((Integer) ConfigDef.parseType(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, value,
                ConfigDef.Type.INT), Map.of());
    }

    /**
     * This limit, and for each topic named also its {@code max.message.bytes} (as
     * {@link TopicMessageLimits} reads it): the smaller of the two is what a record there must fit.
     */
    public RecordSizeLimit withTopicLimits(Map<String, Integer> maxMessageBytesByTopic) {
        Map<String, Integer> merged = new HashMap<>(this.maxMessageBytesByTopic);
        merged.putAll(maxMessageBytesByTopic);
        return new RecordSizeLimit(maxRequestSize, merged);
    }

    public int maxRequestSize() {
        return maxRequestSize;
    }

    /** The topic's {@code max.message.bytes}, when it was given. */
    public Optional<Integer> maxMessageBytes(String topic) {
        return Optional.ofNullable(maxMessageBytesByTopic.get(topic));
    }

    /** The largest record, in the producer's measure, that both the producer and {@code topic} take. */
    public int bytesFor(String topic) {
        return Math.min(maxRequestSize, maxMessageBytesByTopic.getOrDefault(topic, Integer.MAX_VALUE));
    }

    /**
     * Which limit binds on {@code topic}, with both values, for a log line or an error message:
     * {@code "20000 bytes (topic t's max.message.bytes 20000; max.request.size 1048576)"}.
     */
    public String describe(String topic) {
        Integer topicLimit = maxMessageBytesByTopic.get(topic);
        if (topicLimit == null) {
            return maxRequestSize + " bytes (max.request.size; the topic's max.message.bytes not known)";
        }
        String topicPart = "topic " + topic + "'s max.message.bytes " + topicLimit;
        String producerPart = "max.request.size " + maxRequestSize;
        return bytesFor(topic) + " bytes (" + (topicLimit < maxRequestSize
                ? topicPart + "; " + producerPart : producerPart + "; " + topicPart) + ")";
    }

    /**
     * The size the producer checks {@code record} against: the upper bound of a batch holding only
     * this record, whatever the compression (the producer checks before it compresses). The broker
     * checks the batch as it arrives, which is never larger.
     */
    public static int sizeOf(ProducerRecord<byte[], byte[]> record) {
        return sizeOf(record.key(), record.value(), record.headers().toArray());
    }

    /** {@link #sizeOf(ProducerRecord)} of a record with this serialized key, value and headers. */
    public static int sizeOf(byte[] key, byte[] value, Header[] headers) {
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                key, value, headers);
    }

    /** {@code true} when the producer would take {@code record} and its topic would too. */
    public boolean fits(ProducerRecord<byte[], byte[]> record) {
        return sizeOf(record) <= bytesFor(record.topic());
    }
}
