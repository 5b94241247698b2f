package dev.taskfleet.router.kafka;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.EventDecodingException;
import dev.taskfleet.kafka.StartPosition;
import dev.taskfleet.kafka.TopicFollower;
import dev.taskfleet.router.adaptive.OutcomeRecorder;
import dev.taskfleet.router.metrics.RouterMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Follows {@code <prefix>.results} for adaptive routing. On start it replays the last window of
 * results (each partition from the first record of the window, by timestamp), so a restarted
 * router decides with the success rates it had, rebuilt from Kafka rather than kept in memory;
 * then it follows new results, partitions added later included.
 *
 * <p>The reading is kafka-support's {@link TopicFollower}, without a consumer group: every router
 * instance needs every result, and nothing is committed because the start position is a time, not
 * an offset. {@code onReplayed} runs once the partitions are read up to where they ended at start:
 * the forwarding loop waits for it.
 *
 * <p>A record it cannot decode is skipped with a WARN line naming its position and the codec's
 * reason (never its value) and counted in {@value RouterMetrics#RESULTS_SKIPPED}: it is not ours to
 * dead-letter (the results topic belongs to the workers and the producer's tracker), but it must not
 * go unseen.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #stop()} once from any thread.
 */
final class ResultsFollower {

    private static final Logger LOG = Logger.getLogger(ResultsFollower.class);

    private final OutcomeRecorder recorder;
    private final RouterMetrics metrics;
    private final TopicFollower follower;

    ResultsFollower(Supplier<Consumer<byte[], byte[]>> consumerFactory, String topic, Duration window, Clock clock,
            OutcomeRecorder recorder, RouterMetrics metrics, Runnable onReplayed) {
        this.recorder = recorder;
        this.metrics = metrics;
        this.follower = TopicFollower.builder("router-results", List.of(topic))
                .consumer(consumerFactory)
                .startAt(StartPosition.lookBack(window))
                .clock(clock)
                .handler(this::record)
                .onCaughtUp(onReplayed)
                .build();
    }

    private void record(ConsumerRecord<byte[], byte[]> record) {
        try {
            recorder.record(EventCodec.decodeResult(record.value()));
        } catch (EventDecodingException e) {
            metrics.resultSkipped(e.reasonCode());
            LOG.warnf("adaptive routing: result at %s-%d@%d skipped, not counted: %s (%s)", record.topic(),
                    record.partition(), record.offset(), e.reasonCode(), e.getMessage());
        }
    }

    void start() {
        follower.start();
    }

    void stop() {
        follower.close();
    }

    boolean isRunning() {
        return follower.isRunning();
    }

    /** Why reading stopped on its own, or {@code null}. */
    String failure() {
        Exception failure = follower.failure();
        return failure == null ? null : failure.toString();
    }
}
