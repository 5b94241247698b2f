package dev.taskfleet.worker.messaging;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A producer interceptor for tests that holds back the acknowledgement of every record it sees
 * until {@link #letThrough()}: Kafka's producer runs it before the send's callback, on its I/O thread, so
 * the worker learns of no acknowledgement while it is closed. Closed at start; one JVM-wide gate.
 */
public final class HeldAcknowledgements implements ProducerInterceptor<Object, Object> {

    private static volatile CountDownLatch gate = new CountDownLatch(1);

    /** Holds acknowledgements from now on. */
    static void hold() {
        gate = new CountDownLatch(1);
    }

    /** Lets every held and later acknowledgement through. */
    static void letThrough() {
        gate.countDown();
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        try {
            // Bounded, so a test that forgets to open cannot hang the producer for good.
            gate.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        // Nothing held.
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // Nothing to configure.
    }
}
