package dev.taskfleet.kafka;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;

/**
 * A producer's {@code max.request.size}, and whether a record fits under it, measured as the
 * producer measures it before it sends. A caller writing inside a transaction asks first: a record
 * the producer refuses as too large puts the whole transaction into an abortable error, so every
 * record in it would be lost with the one that did not fit, and written again and refused again.
 */
public final class RecordSizeLimit {

    private final int maxRequestSize;

    private RecordSizeLimit(int maxRequestSize) {
        this.maxRequestSize = maxRequestSize;
    }

    /** The limit of a producer made with {@code producerSettings} (Kafka's default when they do not set it). */
    public static RecordSizeLimit of(Map<String, ?> producerSettings) {
        Object configured = producerSettings.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        Object value = configured != null ? configured
                : ProducerConfig.configDef().defaultValues().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        return new RecordSizeLimit((Integer) ConfigDef.parseType(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, value,
                ConfigDef.Type.INT));
    }

    public int maxRequestSize() {
        return maxRequestSize;
    }

    /**
     * The size the producer checks {@code record} against: the upper bound of a batch holding only
     * this record, whatever the compression (the producer checks before it compresses).
     */
    public static int sizeOf(ProducerRecord<byte[], byte[]> record) {
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                record.key(), record.value(), record.headers().toArray());
    }

    /** {@code true} when the producer would take {@code record}. */
    public boolean fits(ProducerRecord<byte[], byte[]> record) {
        return sizeOf(record) <= maxRequestSize;
    }
}
