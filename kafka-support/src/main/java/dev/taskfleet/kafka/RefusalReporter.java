package dev.taskfleet.kafka;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A producer interceptor that hands every failed send to {@link AccessRefusals#jvm()}, so a write
 * the broker refuses is logged once and reaches the health checks, whichever code sent it (plain
 * producers, SmallRye channels, transactions). Records pass through unchanged.
 * {@link KafkaClientSettings#producer} installs it; a SmallRye channel names it in its
 * {@code interceptor.classes}.
 */
public final class RefusalReporter implements ProducerInterceptor<Object, Object> {

    private volatile String principal = "User:ANONYMOUS";

    @Override
    public void configure(Map<String, ?> configs) {
        principal = KafkaClientSettings.principalOf(configs);
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        if (exception != null) {
            AccessRefusals.jvm().record(exception, "WRITE", principal);
        }
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
