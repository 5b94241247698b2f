package dev.taskfleet.producer.tracking;

import static dev.taskfleet.testkit.BatchEventBuilder.aBatchEvent;
import static dev.taskfleet.testkit.ResultBuilder.aResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.TierRouting;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.TopicFollower;
import dev.taskfleet.kafka.TopicProvisioner;
import dev.taskfleet.kafka.TopicSpec;
import dev.taskfleet.producer.broker.TopicSetup;
import dev.taskfleet.producer.progress.BatchLedger;
import dev.taskfleet.testkit.TestBrokers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints against the real embedded broker: a replica that takes one over reads only what was
 * written after it and answers as a replica that read everything; one that cannot use it replays
 * everything and answers the same.
 */
class TrackerCheckpointTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.now().minus(Duration.ofMinutes(30));
    private static final List<String> TIERS = List.of("fast", "quality");

    private static String bootstrap;
    private static Admin admin;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void connect() {
        bootstrap = TestBrokers.shared().bootstrapServers();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void disconnect() {
        producer.close();
        admin.close();
    }

    @Test
    void aReplicaThatTakesOverACheckpointReadsOnlyWhatCameAfterItAndAnswersAsOneThatReadEverything() throws Exception {
        TopicNames names = topics("ckpt-take");
        List<String> batchIds = new ArrayList<>();
        for (int b = 0; b < 10; b++) {
            batchIds.add(finishedBatch(names, "old-" + b, 5));
        }
        send(names.batches(), "open", accepted("open", 5));
        for (int t = 0; t < 2; t++) {
            send(names.results(), "open-" + t, result("open", "open-" + t, ResultStatus.SUCCEEDED));
        }

        AtomicInteger writtenByFirst = new AtomicInteger();
        Tracker first = tracker(names, writtenByFirst);
        first.tracker.start();
        assertThat(first.tracker.awaitCaughtUp(TIMEOUT)).isTrue();
        // Written once caught up, before anything below was sent.
        await().atMost(TIMEOUT).until(() -> writtenByFirst.get() == 1);

        List<RecordMetadata> after = new ArrayList<>();
        for (int t = 2; t < 5; t++) {
            after.add(send(names.results(), "open-" + t, result("open", "open-" + t, ResultStatus.SUCCEEDED)));
        }
        send(names.batches(), "late", accepted("late", 2));
        after.add(send(names.results(), "late-0", result("late", "late-0", ResultStatus.FAILED)));
        after.add(send(names.results(), "late-1", result("late", "late-1", ResultStatus.SUCCEEDED)));
        for (RecordMetadata written : after) {
            assertThat(first.tracker.awaitApplied(new TopicPartition(written.topic(), written.partition()), written.offset(),
                    TIMEOUT)).isTrue();
        }
        batchIds.addAll(List.of("open", "late"));

        Tracker second = tracker(names, new AtomicInteger());
        Tracker reference = untracked(names);
        try {
            second.tracker.start();
            reference.tracker.start();
            assertThat(second.tracker.awaitCaughtUp(TIMEOUT)).isTrue();
            assertThat(reference.tracker.awaitCaughtUp(TIMEOUT)).isTrue();

            assertThat(second.read(names.results())).as("results read after taking over the checkpoint")
                    .isEqualTo(after.size());
            assertThat(reference.read(names.results())).isEqualTo(10 * 5 + 2 + after.size());
            for (String batchId : batchIds) {
                assertThat(second.ledger.status(batchId)).as(batchId).usingRecursiveComparison()
                        .isEqualTo(reference.ledger.status(batchId));
                assertThat(second.ledger.failedTaskIds(batchId)).as(batchId)
                        .isEqualTo(reference.ledger.failedTaskIds(batchId));
            }
            assertThat(second.ledger.sealed("old-3")).as("a sealed batch stays sealed through a checkpoint").isTrue();
            assertThat(second.ledger.failedTaskIds("old-3")).as("read back from the results topic")
                    .containsExactly("old-3-task-0");
            assertThat(second.ledger.spent("team-a", Instant.now())).isEqualTo(reference.ledger.spent("team-a", Instant.now()));
        } finally {
            second.tracker.close();
            reference.tracker.close();
        }

        // The first one's last checkpoint, at close, covers everything: a third replica reads nothing more.
        first.tracker.close();
        assertThat(writtenByFirst.get()).isEqualTo(2);
        // A third replica that takes checkpoints over but writes none (checkpoints.write=false).
        long checkpointRecords = ends(names.trackerCheckpoints(), 1).values().iterator().next();
        Tracker third = make(names, new BatchTracker.Checkpointing(names.trackerCheckpoints(), Duration.ofHours(1), null,
                "read-only", TrackerCheckpointTest::topicIds), new AtomicInteger());
        try {
            third.tracker.start();
            assertThat(third.tracker.awaitCaughtUp(TIMEOUT)).isTrue();
            assertThat(third.read(names.results())).isZero();
            assertThat(third.ledger.status("late")).usingRecursiveComparison().isEqualTo(first.ledger.status("late"));
        } finally {
            third.tracker.close();
        }
        assertThat(ends(names.trackerCheckpoints(), 1).values()).containsExactly(checkpointRecords);
    }

    @Test
    void aCheckpointOfTopicsSinceDeletedAndMadeAnewIsIgnoredAndEverythingIsReadAgain() throws Exception {
        TopicNames names = topics("ckpt-anew");
        finishedBatch(names, "gone", 3);
        checkpointAndStop(names);

        // Same names, new topics, the same batch again with more tasks: every partition reaches the
        // checkpoint's positions (a superset of the same keys), so only the topics' ids tell.
        admin.deleteTopics(List.of(names.batches(), names.results())).all().get();
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> {
            topics("ckpt-anew");
            return admin.listTopics().names().get().contains(names.results());
        });
        finishedBatch(names, "gone", 30);

        Tracker second = tracker(names, new AtomicInteger());
        try {
            second.tracker.start();
            assertThat(second.tracker.awaitCaughtUp(TIMEOUT)).isTrue();
            assertThat(second.read(names.results())).isEqualTo(30);
            assertThat(second.ledger.status("gone").orElseThrow().finished()).isEqualTo(30);
            assertThat(second.ledger.status("gone").orElseThrow().total()).isEqualTo(30);
        } finally {
            second.tracker.close();
        }
    }

    @Test
    void batchesWhoseResultsRetentionDeletedAreNotCarriedFromCheckpointToCheckpoint() throws Exception {
        TopicNames names = topics("ckpt-expired");
        finishedBatch(names, "expired", 6);
        Map<TopicPartition, Long> endsAfterExpired = ends(names.results());
        finishedBatch(names, "kept", 6);
        checkpointAndStop(names);

        // Retention deletes the first batch's results (deleteRecords moves each partition's start as retention would).
        deleteBefore(endsAfterExpired);

        Tracker second = tracker(names, new AtomicInteger());
        try {
            second.tracker.start();
            assertThat(second.tracker.awaitCaughtUp(TIMEOUT)).isTrue();
            assertThat(second.read(names.results())).as("took the checkpoint over").isZero();
            assertThat(second.ledger.status("expired")).isEmpty();
            assertThat(second.ledger.status("kept").orElseThrow().finished()).isEqualTo(6);
        } finally {
            second.tracker.close();
        }
    }

    @Test
    void aCheckpointWhoseNextRecordsRetentionDeletedIsIgnored() throws Exception {
        TopicNames names = topics("ckpt-gap");
        finishedBatch(names, "before", 6);
        checkpointAndStop(names);
        finishedBatch(names, "after", 6);

        // Retention deletes everything on results, the records after the checkpoint included.
        deleteBefore(ends(names.results()));

        Tracker second = tracker(names, new AtomicInteger());
        try {
            second.tracker.start();
            assertThat(second.tracker.awaitCaughtUp(TIMEOUT)).isTrue();
            // Read from the beginning, as a replica without checkpoints would: every batch event, no result.
            assertThat(second.read(names.batches())).isEqualTo(4);
            assertThat(second.read(names.results())).isZero();
            assertThat(second.ledger.status("after").orElseThrow().finished()).isZero();
        } finally {
            second.tracker.close();
        }
    }

    /** A replica reads the topics and stops: it writes a checkpoint once caught up and another at close. */
    private void checkpointAndStop(TopicNames names) throws InterruptedException {
        AtomicInteger written = new AtomicInteger();
        Tracker replica = tracker(names, written);
        replica.tracker.start();
        assertThat(replica.tracker.awaitCaughtUp(TIMEOUT)).isTrue();
        await().atMost(TIMEOUT).until(() -> written.get() == 1);
        replica.tracker.close();
        assertThat(written.get()).as("once caught up and at close").isEqualTo(2);
    }

    /** Deletes each partition's records below the offset given, as retention would. */
    private static void deleteBefore(Map<TopicPartition, Long> offsets) throws Exception {
        Map<TopicPartition, org.apache.kafka.clients.admin.RecordsToDelete> delete = new HashMap<>();
        offsets.forEach((partition, end) -> delete.put(partition,
                org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(end)));
        admin.deleteRecords(delete).all().get();
    }

    private static Map<TopicPartition, Long> ends(String topic) throws Exception {
        return ends(topic, 3);
    }

    private static Map<TopicPartition, Long> ends(String topic, int partitions) throws Exception {
        Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    /** A tracker and what its consumer has read, per topic. */
    private record Tracker(BatchTracker tracker, BatchLedger ledger, Map<String, AtomicLong> readPerTopic) {

        long read(String topic) {
            return readPerTopic.getOrDefault(topic, new AtomicLong()).get();
        }
    }

    private Tracker tracker(TopicNames names, AtomicInteger written) {
        return make(names, new BatchTracker.Checkpointing(names.trackerCheckpoints(), Duration.ofHours(1),
                TrackerCheckpointTest::checkpointProducer, "test-" + System.nanoTime(), TrackerCheckpointTest::topicIds),
                written);
    }

    private Tracker untracked(TopicNames names) {
        return make(names, null, new AtomicInteger());
    }

    private Tracker make(TopicNames names, BatchTracker.Checkpointing checkpointing, AtomicInteger written) {
        BatchLedger ledger = new BatchLedger(TIERS, new SealedResultReader(readerSettings("sealed"), names.results()));
        Map<String, AtomicLong> read = new ConcurrentHashMap<>();
        Map<String, Object> settings = TopicFollower.consumerSettings(readerSettings("tracker"), "tracker-" + System.nanoTime());
        BatchTracker tracker = new BatchTracker(() -> new KafkaConsumer<byte[], byte[]>(settings) {
            @Override
            public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
                ConsumerRecords<byte[], byte[]> records = super.poll(timeout);
                records.forEach(r -> read.computeIfAbsent(r.topic(), t -> new AtomicLong()).incrementAndGet());
                return records;
            }
        }, names, ledger, new TrackerObserver() {
            @Override
            public void duplicateResult() {
            }

            @Override
            public void skippedRecord(String topic) {
            }

            @Override
            public void checkpointWritten(boolean whole) {
                if (whole) {
                    written.incrementAndGet();
                }
            }
        }, checkpointing);
        return new Tracker(tracker, ledger, read);
    }

    private static Map<String, String> topicIds(java.util.Set<String> topics) {
        try {
            Map<String, String> ids = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get()
                    .forEach((name, description) -> ids.put(name, description.topicId().toString()));
            return ids;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> readerSettings(String clientId) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return settings;
    }

    private static Producer<byte[], byte[]> checkpointProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static TopicNames topics(String prefix) {
        TopicNames names = new TopicNames(prefix);
        new TopicProvisioner(admin, Duration.ofSeconds(30)).ensure(List.of(
                new TopicSpec(names.batches(), 3, (short) 1),
                new TopicSpec(names.results(), 3, (short) 1),
                TopicSpec.compacted(names.providerBatches(), 1, (short) 1),
                TopicSetup.trackerCheckpoints(names, (short) 1)));
        return names;
    }

    /** A batch of {@code size} tasks, routed and finished; its first task failed. */
    private static String finishedBatch(TopicNames names, String batchId, int size) throws Exception {
        send(names.batches(), batchId, accepted(batchId, size));
        send(names.batches(), batchId, aBatchEvent().batch(batchId).team("team-a").occurredAt(T0).run(1)
                .routed("fast", new TierRouting(size, 0, 0, 0)).build());
        for (int t = 0; t < size; t++) {
            String taskId = batchId + "-task-" + t;
            send(names.results(), taskId, result(batchId, taskId, t == 0 ? ResultStatus.FAILED : ResultStatus.SUCCEEDED));
        }
        return batchId;
    }

    private static BatchEvent accepted(String batchId, int size) {
        return aBatchEvent().batch(batchId).team("team-a").type(BatchEvent.Type.ACCEPTED).occurredAt(T0)
                .taskCount(size).run(1).build();
    }

    private static Object result(String batchId, String taskId, ResultStatus status) {
        return aResult().taskId(taskId).batch(batchId).onTier("fast").model("m").status(status).output("ok")
                .error("MODEL_ERROR", "x").tokens(10, 5).cost(0.01).latencyMs(7).worker("w")
                .finishedAt(T0.plusSeconds(5)).team("team-a").run(1).submittedAt(T0).build();
    }

    private static RecordMetadata send(String topic, String key, Object event) throws Exception {
        return producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                EventCodec.encodeToBytes(event))).get();
    }
}
