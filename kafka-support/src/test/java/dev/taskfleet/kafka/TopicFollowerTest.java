package dev.taskfleet.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.testkit.TestBrokers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The follower against the real embedded broker: replay, readiness, look-back and partitions added mid-run. */
class TopicFollowerTest {

    /** Near the wall clock, so that the broker's retention never judges the records old. */
    private static final Instant NOW = Instant.now();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static String bootstrap;
    private static Admin admin;
    private static KafkaProducer<String, String> producer;

    @BeforeAll
    static void connect() {
        bootstrap = TestBrokers.shared().bootstrapServers();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void disconnect() {
        producer.close();
        admin.close();
    }

    @Test
    void replaysEverythingFromTheBeginningThenFollowsAndSaysWhenItCaughtUp() throws Exception {
        createTopic("follow.replay", 2);
        write("follow.replay", 0, NOW, "a");
        write("follow.replay", 1, NOW, "b");
        RecordMetadata third = write("follow.replay", 0, NOW, "c");
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch caughtUp = new CountDownLatch(1);

        try (TopicFollower follower = follower("replay", List.of("follow.replay"), StartPosition.beginning(), seen)
                .onCaughtUp(caughtUp::countDown).build()) {
            follower.start();

            assertThat(follower.awaitCaughtUp(TIMEOUT)).isTrue();
            assertThat(caughtUp.getCount()).isZero();
            assertThat(seen).containsExactlyInAnyOrder("a", "b", "c");
            assertThat(follower.awaitApplied(new TopicPartition("follow.replay", 0), third.offset(), TIMEOUT)).isTrue();

            RecordMetadata later = write("follow.replay", 1, NOW, "d");
            assertThat(follower.awaitApplied(new TopicPartition("follow.replay", 1), later.offset(), TIMEOUT)).isTrue();
            assertThat(seen).endsWith("d");
            assertThat(follower.failure()).isNull();
            assertThat(follower.isRunning()).isTrue();
        }
    }

    @Test
    void aLookBackReplaysOnlyTheWindowAndTheEndStartsWithNothing() throws Exception {
        createTopic("follow.window", 1);
        write("follow.window", 0, NOW.minus(Duration.ofHours(3)), "too old");
        write("follow.window", 0, NOW.minus(Duration.ofMinutes(30)), "recent");
        List<String> windowed = new CopyOnWriteArrayList<>();
        List<String> fromEnd = new CopyOnWriteArrayList<>();

        try (TopicFollower lookBack = follower("window", List.of("follow.window"),
                StartPosition.lookBack(Duration.ofHours(1)), windowed).build();
                TopicFollower end = follower("end", List.of("follow.window"), StartPosition.end(), fromEnd).build()) {
            lookBack.start();
            end.start();
            assertThat(lookBack.awaitCaughtUp(TIMEOUT)).isTrue();
            assertThat(end.awaitCaughtUp(TIMEOUT)).isTrue();

            RecordMetadata next = write("follow.window", 0, NOW, "new");
            TopicPartition partition = new TopicPartition("follow.window", 0);
            assertThat(lookBack.awaitApplied(partition, next.offset(), TIMEOUT)).isTrue();
            assertThat(end.awaitApplied(partition, next.offset(), TIMEOUT)).isTrue();
            assertThat(windowed).containsExactly("recent", "new");
            assertThat(fromEnd).containsExactly("new");
        }
    }

    @Test
    void partitionsAddedWhileItRunsAreReadFromTheirBeginning() throws Exception {
        createTopic("follow.grow", 1);
        write("follow.grow", 0, NOW, "first");
        List<String> seen = new CopyOnWriteArrayList<>();

        try (TopicFollower follower = follower("grow", List.of("follow.grow"), StartPosition.beginning(), seen)
                .partitionDiscovery(Duration.ofMillis(200)).build()) {
            follower.start();
            assertThat(follower.awaitCaughtUp(TIMEOUT)).isTrue();

            admin.createPartitions(Map.of("follow.grow", NewPartitions.increaseTo(3))).all().get();
            // Written before the follower can have seen the partitions: the beginning must be read, not the end.
            RecordMetadata onSecond = write("follow.grow", 1, NOW, "second");
            RecordMetadata onThird = write("follow.grow", 2, NOW, "third");

            assertThat(follower.awaitApplied(new TopicPartition("follow.grow", 1), onSecond.offset(), TIMEOUT)).isTrue();
            assertThat(follower.awaitApplied(new TopicPartition("follow.grow", 2), onThird.offset(), TIMEOUT)).isTrue();
            assertThat(seen).containsExactlyInAnyOrder("first", "second", "third");
        }
    }

    @Test
    void aDecidedStartReadsNamedPartitionsFromTheirOffsetsAndTheRestFromTheBeginning() throws Exception {
        createTopic("follow.at", 2);
        write("follow.at", 0, NOW, "skipped");
        RecordMetadata from = write("follow.at", 0, NOW, "from here");
        write("follow.at", 1, NOW, "unnamed partition");
        List<String> seen = new CopyOnWriteArrayList<>();
        List<Map<TopicPartition, Long>> polls = new CopyOnWriteArrayList<>();
        List<String> decidedOnThread = new CopyOnWriteArrayList<>();

        try (TopicFollower follower = follower("at", List.of("follow.at"), StartPosition.beginning(), seen)
                .startAt(consumer -> {
                    decidedOnThread.add(Thread.currentThread().getName());
                    return StartPosition.at(Map.of(new TopicPartition("follow.at", 0), from.offset()));
                })
                .afterPoll((consumer, positions) -> polls.add(positions))
                .build()) {
            follower.start();
            assertThat(follower.awaitCaughtUp(TIMEOUT)).isTrue();

            assertThat(seen).containsExactlyInAnyOrder("from here", "unnamed partition");
            assertThat(decidedOnThread).containsExactly("follower-at");
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(polls).last().isEqualTo(Map.of(
                    new TopicPartition("follow.at", 0), from.offset() + 1, new TopicPartition("follow.at", 1), 1L)));
        }
    }

    @Test
    void closingFromAnotherThreadStopsItWithoutAFailure() throws Exception {
        createTopic("follow.close", 1);
        TopicFollower follower = follower("close", List.of("follow.close"), StartPosition.end(),
                new CopyOnWriteArrayList<>()).build();
        follower.start();
        assertThat(follower.awaitCaughtUp(TIMEOUT)).isTrue();

        Thread closer = new Thread(follower::close);
        closer.start();
        closer.join(TIMEOUT.toMillis());

        await().atMost(TIMEOUT).until(() -> !follower.isRunning());
        assertThat(follower.failure()).isNull();
    }

    private TopicFollower.Builder follower(String name, List<String> topics, StartPosition startAt, List<String> seen) {
        Map<String, Object> settings = TopicFollower.consumerSettings(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), "follower-" + name);
        // The test's discovery interval is short, so the metadata it reads must be as fresh.
        settings.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 200);
        return TopicFollower.builder("follower-" + name, topics)
                .consumer(() -> new KafkaConsumer<>(settings))
                .startAt(startAt)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .handler(record -> seen.add(new String(record.value(), StandardCharsets.UTF_8)));
    }

    private static void createTopic(String topic, int partitions) throws InterruptedException, ExecutionException {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }

    private static RecordMetadata write(String topic, int partition, Instant timestamp, String value)
            throws InterruptedException, ExecutionException {
        return producer.send(new ProducerRecord<>(topic, partition, timestamp.toEpochMilli(), null, value)).get();
    }
}
