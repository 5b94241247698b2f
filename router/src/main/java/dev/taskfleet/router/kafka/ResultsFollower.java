package dev.taskfleet.router.kafka;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.EventDecodingException;
import dev.taskfleet.router.adaptive.OutcomeRecorder;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Follows {@code <prefix>.results} for adaptive routing. On start it replays the last window of
 * results (seeking each partition by timestamp), so a restarted router decides with the success
 * rates it had, rebuilt from Kafka rather than kept in memory; then it follows new results.
 *
 * <p>No consumer group: every router instance needs every result, and nothing is committed
 * because the start position is a time, not an offset. {@link #replayed()} opens once the
 * partitions are read up to where they ended at start.
 *
 * <p>Lifecycle: {@link #run()} on its own thread owns the consumer and closes it;
 * {@link #stop()} from any thread.
 */
final class ResultsFollower implements Runnable {

    private static final Logger LOG = Logger.getLogger(ResultsFollower.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Supplier<Consumer<byte[], byte[]>> consumerFactory;
    private final String topic;
    private final Duration window;
    private final Clock clock;
    private final OutcomeRecorder recorder;
    private final CountDownLatch replayed = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile String failure;
    private volatile Consumer<byte[], byte[]> consumer;
    private long undecodable;

    ResultsFollower(Supplier<Consumer<byte[], byte[]>> consumerFactory, String topic, Duration window, Clock clock,
            OutcomeRecorder recorder) {
        this.consumerFactory = consumerFactory;
        this.topic = topic;
        this.window = window;
        this.clock = clock;
        this.recorder = recorder;
    }

    @Override
    public void run() {
        try (Consumer<byte[], byte[]> c = consumerFactory.get()) {
            consumer = c;
            List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(partitions);
            Map<TopicPartition, Long> replayEnd = seekToWindowStart(c, partitions);
            long replayedResults = 0;
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : c.poll(POLL)) {
                    record(record);
                    replayedResults++;
                }
                if (replayed.getCount() > 0 && caughtUp(c, replayEnd)) {
                    LOG.infof("adaptive routing: replayed %d results of the last %s from %s", replayedResults,
                            window, topic);
                    replayed.countDown();
                }
            }
        } catch (WakeupException e) {
            // stop() woke the consumer: a normal shutdown.
        } catch (RuntimeException e) {
            failure = e.toString();
            LOG.errorf(e, "adaptive routing: reading %s stopped", topic);
        } finally {
            stopped.countDown();
        }
    }

    private void record(ConsumerRecord<byte[], byte[]> record) {
        try {
            recorder.record(EventCodec.decodeResult(record.value()));
        } catch (EventDecodingException e) {
            // Not ours to dead-letter: the results topic belongs to the workers and the
            // producer's tracker. It just does not count.
            undecodable++;
            LOG.debugf("adaptive routing: result %s-%d@%d not counted (%s); %d so far", record.topic(),
                    record.partition(), record.offset(), e.reasonCode(), undecodable);
        }
    }

    private Map<TopicPartition, Long> seekToWindowStart(Consumer<byte[], byte[]> c, List<TopicPartition> partitions) {
        long since = clock.instant().minus(window).toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, since));
        Map<TopicPartition, OffsetAndTimestamp> starts = c.offsetsForTimes(query);
        Map<TopicPartition, Long> ends = c.endOffsets(partitions);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp start = starts.get(partition);
            // No record that recent: nothing to replay on this partition.
            c.seek(partition, start == null ? ends.get(partition) : start.offset());
        }
        return ends;
    }

    private static boolean caughtUp(Consumer<byte[], byte[]> c, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (c.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Opens when the window has been replayed; the forwarding loop waits for it. */
    CountDownLatch replayed() {
        return replayed;
    }

    void stop(Duration timeout) throws InterruptedException {
        running = false;
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isRunning() {
        return consumer != null && stopped.getCount() > 0;
    }

    String failure() {
        return failure;
    }
}
