package dev.taskfleet.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Replays one or more topics, then follows them, on a thread of its own, for state that every
 * instance of a service needs whole (batch tracking, adaptive statistics, cancellations). No
 * consumer group and no commits: it assigns itself every partition, starts each where the caller
 * chose ({@link StartPosition}) and hands every record to the caller's {@link RecordHandler},
 * which alone knows what a record means.
 *
 * <p>It is {@linkplain #caughtUp() caught up} once it has read to the end offsets it saw at start;
 * {@link #awaitApplied} waits for one record, so a writer can read its own write. Every
 * {@link Builder#partitionDiscovery interval} it asks for the topics' partitions again and reads
 * partitions added since from their beginning, so a topic can grow while services run.
 *
 * <p>Retriable Kafka errors (a broker away) are logged and retried after a {@link Backoff}; any
 * other error, a handler's included, stops it for good and is reported by {@link #failure()} for
 * liveness. A handler must therefore not throw for a bad record: it skips or counts it. A read
 * the broker refuses is recorded with {@link AccessRefusals}, which logs it as one line naming the
 * {@link Builder#principal principal}, the operation and the topic.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #close()} once from any thread; the reading thread
 * creates the consumer, owns it and closes it.
 */
public final class TopicFollower implements AutoCloseable {

    /** How often partitions are looked up again by default; also the readers' metadata refresh. */
    public static final Duration PARTITION_DISCOVERY = Duration.ofSeconds(30);
    /** Waits between retries of a retriable error by default: 100 ms doubling to 5 s. */
    public static final Backoff RETRY_BACKOFF = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(5));
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(TopicFollower.class);

    /** What to do with each record; must not throw for a bad one (see the class comment). */
    @FunctionalInterface
    public interface RecordHandler {

        void handle(ConsumerRecord<byte[], byte[]> record);
    }

    /**
     * Decides where to start, on the reading thread with the follower's consumer, before the
     * partitions are assigned (it may read other topics with it meanwhile). A retriable Kafka
     * error it throws is retried like any other, so it must be safe to call again.
     */
    @FunctionalInterface
    public interface StartDecision {

        StartPosition decide(Consumer<byte[], byte[]> consumer);
    }

    /**
     * Told, on the reading thread after each poll's records were handled, the position of every
     * partition; it may ask the follower's consumer for offsets, not read or seek with it.
     */
    @FunctionalInterface
    public interface PollListener {

        void polled(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> positions);
    }

    private final Builder settings;
    private final ReadProgress progress = new ReadProgress();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Consumer<byte[], byte[]> consumer;
    private final FollowedPartitions partitions;

    private TopicFollower(Builder settings) {
        this.settings = settings;
        this.partitions = new FollowedPartitions(settings.topics, settings.discovery);
        this.thread = new Thread(this::run, settings.name);
        thread.setDaemon(true);
    }

    /** A follower named {@code name} (its thread and log lines) of {@code topics}. */
    public static Builder builder(String name, List<String> topics) {
        return new Builder(name, topics);
    }

    /**
     * The settings of a follower's consumer: every {@code kafka.*} setting (so SASL and TLS
     * apply), without a group, never committing or creating a topic, reading committed records
     * as bytes, and refreshing metadata as often as partitions are discovered.
     */
    public static Map<String, Object> consumerSettings(Map<String, Object> kafka, String clientId) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A start offset deleted by retention before the first fetch: read what is left.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // partitionsFor answers from cached metadata: refresh it as often as partitions are looked up.
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) PARTITION_DISCOVERY.toMillis());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return config;
    }

    /** Starts the reading thread; the start positions are set there, retried like every Kafka call. */
    public void start() {
        thread.start();
    }

    /** Whether everything that was on the topics at start has been read. */
    public boolean caughtUp() {
        return progress.caughtUp();
    }

    /** Waits until {@link #caughtUp()}; {@code false} if it did not happen in time or the follower stopped. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return progress.awaitCaughtUp(timeout);
    }

    /**
     * Waits until the record at {@code offset} of {@code partition} has been handled.
     *
     * @return {@code false} if it had not been in time, or the follower stopped
     */
    public boolean awaitApplied(TopicPartition partition, long offset, Duration timeout) throws InterruptedException {
        return progress.awaitApplied(partition, offset, timeout);
    }

    /** Why the follower stopped on its own, or {@code null} while it runs or after {@link #close()}. */
    public Exception failure() {
        return progress.failure();
    }

    /** {@code true} from {@link #start()} until the reading thread ends. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /** Stops the reading thread and waits for it to close its consumer. */
    @Override
    public void close() {
        running = false;
        stopping.countDown();
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread.getState() == Thread.State.NEW) {
            return;
        }
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Consumer<byte[], byte[]> c = null;
        try {
            c = settings.consumer.get();
            consumer = c;
            Backoff.Attempts failures = settings.backoff.attempts();
            while (running) {
                try {
                    readOnce(c);
                    failures.succeeded();
                } catch (RetriableException e) {
                    // The consumer keeps its place, so reading on once the broker is back loses and repeats nothing.
                    Duration wait = failures.failed();
                    LOG.warnf("%s: %s: %s; retrying in %d ms", settings.name, e.getClass().getSimpleName(),
                            e.getMessage(), wait.toMillis());
                    if (stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                        break;
                    }
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            boolean refused = settings.principal == null ? AccessRefusals.jvm().record(e, "READ")
                    : AccessRefusals.jvm().record(e, "READ", settings.principal);
            if (refused) {
                // AccessRefusals logged the one line that says who may not read what.
                LOG.debugf("%s stopped: %s", settings.name, e.getMessage());
            } else {
                LOG.errorf(e, "%s stopped: %s", settings.name, e.getMessage());
            }
            progress.failed(e);
        } finally {
            if (running && progress.failure() == null) {
                // An Error, or an interrupt nobody asked for: stopped all the same.
                progress.failed(new IllegalStateException(settings.name + " ended unexpectedly"));
            }
            if (c != null) {
                c.close(Duration.ofSeconds(5));
            }
        }
    }

    /* Reading thread only: what was read until caught up (counted on after it, unused then). */
    private long replayStartedNanos;
    private long replayedRecords;
    private long replayedBytes;

    private void readOnce(Consumer<byte[], byte[]> c) {
        if (!partitions.started()) {
            StartPosition startAt = settings.startDecision.decide(c);
            progress.started(partitions.assignAtStart(c, startAt, settings.clock));
            replayStartedNanos = System.nanoTime();
            LOG.infof("%s reading %d partitions of %s from %s", settings.name, partitions.assigned().size(),
                    settings.topics, startAt);
        } else {
            List<TopicPartition> added = partitions.discoverIfDue(c);
            if (!added.isEmpty()) {
                LOG.infof("%s found new partitions %s; reading them from the beginning", settings.name, added);
            }
        }
        for (ConsumerRecord<byte[], byte[]> record : c.poll(POLL)) {
            replayedRecords++;
            replayedBytes += Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
            handle(record);
        }
        Map<TopicPartition, Long> now = new HashMap<>();
        for (TopicPartition partition : partitions.assigned()) {
            now.put(partition, c.position(partition));
        }
        progress.advance(now);
        settings.afterPoll.polled(c, now);
        if (progress.reachedStartEnds()) {
            // What the replay cost, so a slow start-up says whether it was the history's size.
            LOG.infof("%s caught up with %s: %d records, %.1f MiB in %.1f s", settings.name, settings.topics,
                    replayedRecords, replayedBytes / (1024.0 * 1024.0), (System.nanoTime() - replayStartedNanos) / 1e9);
            // Before caughtUp() turns true, so whoever sees it caught up also sees what the callback did.
            settings.onCaughtUp.run();
            progress.markCaughtUp();
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        try {
            settings.handler.handle(record);
        } catch (RuntimeException e) {
            // Not retried even if the handler threw a retriable error: the record is already behind us.
            throw new IllegalStateException(settings.name + ": the handler failed on " + record.topic() + "-"
                    + record.partition() + "@" + record.offset(), e);
        }
    }

    /** The follower's settings; {@link #consumer} and {@link #handler} are required, the rest has defaults. */
    public static final class Builder {

        private final String name;
        private final List<String> topics;
        private Supplier<Consumer<byte[], byte[]>> consumer;
        private RecordHandler handler;
        private StartDecision startDecision = c -> StartPosition.beginning();
        private PollListener afterPoll = (c, positions) -> { };
        private Runnable onCaughtUp = () -> { };
        private Backoff backoff = RETRY_BACKOFF;
        private Duration discovery = PARTITION_DISCOVERY;
        private Clock clock = Clock.systemUTC();
        private String principal;

        private Builder(String name, List<String> topics) {
            this.name = name;
            this.topics = List.copyOf(topics);
        }

        /** Makes the consumer, on the reading thread; the follower closes it. */
        public Builder consumer(Supplier<Consumer<byte[], byte[]>> factory) {
            this.consumer = factory;
            return this;
        }

        public Builder handler(RecordHandler handler) {
            this.handler = handler;
            return this;
        }

        /** Where the partitions found at start begin; {@link StartPosition#beginning()} by default. */
        public Builder startAt(StartPosition startAt) {
            this.startDecision = c -> startAt;
            return this;
        }

        /** Where the partitions found at start begin, decided when the reading starts. */
        public Builder startAt(StartDecision decision) {
            this.startDecision = decision;
            return this;
        }

        /** Told every partition's position after each poll; nothing by default. */
        public Builder afterPoll(PollListener listener) {
            this.afterPoll = listener;
            return this;
        }

        /**
         * Run once on the reading thread when the follower has caught up, before
         * {@link TopicFollower#caughtUp()} turns true.
         */
        public Builder onCaughtUp(Runnable onCaughtUp) {
            this.onCaughtUp = onCaughtUp;
            return this;
        }

        /** Waits between retries of a retriable error; {@link #RETRY_BACKOFF} by default. */
        public Builder backoff(Backoff backoff) {
            this.backoff = backoff;
            return this;
        }

        /** How often partitions are looked up again; {@link #PARTITION_DISCOVERY} by default. */
        public Builder partitionDiscovery(Duration interval) {
            this.discovery = interval;
            return this;
        }

        /** The clock a {@link StartPosition#lookBack look-back} counts back from. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Who the consumer is to the broker, named when a read is refused; the process's own
         * ({@link AccessRefusals#actingAs}) by default.
         */
        public Builder principal(String principal) {
            this.principal = principal;
            return this;
        }

        public TopicFollower build() {
            if (consumer == null || handler == null) {
                throw new IllegalStateException(name + ": a follower needs a consumer and a handler");
            }
            return new TopicFollower(this);
        }
    }
}
